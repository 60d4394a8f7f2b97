package org.nmsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** nmsim costs end to end on the quick example with a handful of samples. */
@Timeout(120)
class CostsCommandTest
{
    @Test
    void shouldWriteTheCostTableForEveryMethod(@TempDir final Path out) throws Exception
    {
        final CommandLine cl = Nmsim.newCommandLine();
        final StringWriter text = new StringWriter();
        cl.setOut(new PrintWriter(text));
        final int rc = cl.execute("costs", "../examples/fgt-fashion-mnist-quick.yaml", "--samples", "3", "--out",
            out.toString(), "--methods", "bp,dfa,fgt,fgt_s,fgt_q1");
        assertEquals(0, rc, text.toString());
        for (final String m : new String[] {"| bp |", "| dfa |", "| fgt |", "| fgt_s |", "| fgt_q1 |"})
        {
            assertTrue(text.toString().contains(m), m + " missing from:\n" + text);
        }
        assertTrue(Files.readString(out.resolve("costs.json")).contains("\"method\" : \"fgt_s\""));
        assertTrue(Files.exists(out.resolve("costs.md")));
    }

    @Test
    void shouldRejectAnUnknownMethodWithExitCodeTwo(@TempDir final Path out)
    {
        final CommandLine cl = Nmsim.newCommandLine();
        final StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("costs", "../examples/fgt-fashion-mnist-quick.yaml", "--methods", "fgt,sgd",
            "--out", out.toString()));
        assertTrue(err.toString().contains("--methods: sgd is unknown (known: dfa, fgt, fgt_wo_m, fgt_s, bp; an " +
            "FGT method may end in _q1 or _q20"),
            err.toString());
    }
}
