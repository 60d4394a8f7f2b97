package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import picocli.CommandLine;

/** The demo's promise: the printed state digest is the same for any worker count. */
@Timeout(60)
class DemoCommandTest
{
    private static String[] run(final int workers)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        final StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("demo", "--cores", "12", "--neurons", "32", "--steps", "60", "--workers",
            String.valueOf(workers)));
        return out.toString().split("\n");
    }

    @Test
    void shouldPrintTheSameDigestAndCountsForOneAndThreeWorkers()
    {
        final String[] one = run(1);
        final String[] three = run(3);
        final String digest = one[one.length - 1];
        assertTrue(digest.startsWith("state digest "), digest);
        assertEquals(digest, three[three.length - 1]);
        assertEquals(one[one.length - 3], three[three.length - 3], "spike, message and synaptic-event counts");
        assertTrue(one[one.length - 3].matches("spikes [1-9][0-9,]* .*"), "the network must spike: " +
            one[one.length - 3]);
    }

    @Test
    void shouldRejectAFanOutLargerThanTheCoreCountWithExitCodeTwo()
    {
        final CommandLine cl = Nmsim.newCommandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute("demo", "--cores", "4", "--fan-out", "9"));
    }
}
