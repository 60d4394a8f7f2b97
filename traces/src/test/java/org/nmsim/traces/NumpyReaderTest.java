package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the three-line numpy reader documented in traces/README.md against files that TraceWriter wrote. */
class NumpyReaderTest
{
    private static String numpyReader;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPythonAndReader() throws Exception
    {
        final String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        final int start = readme.indexOf("```python\n");
        final int end = readme.indexOf("```", start + 10);
        assertTrue(start >= 0 && end > start, "README.md must hold the numpy reader in a ```python block");
        numpyReader = readme.substring(start + 10, end);
        assertEquals(3, numpyReader.strip().split("\n").length, "the documented numpy reader must be 3 lines");
        int rc;
        try
        {
            final Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            rc = p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        }
        catch (final IOException ex)
        {
            rc = -2;
        }
        Assumptions.assumeTrue(rc == 0,
            "skipped: python3 with numpy is not installed (apt-get install python3-numpy), rc=" + rc);
    }

    @ParameterizedTest
    @EnumSource(value = RecordLayout.class, names = {"STEPPED_INT32", "CONTINUOUS_FLOAT32", "STEPPED_FLOAT64"})
    @Timeout(60)
    void shouldBeReadByTheDocumentedNumpyReaderIncludingACutShortFile(final RecordLayout layout) throws Exception
    {
        final Path file = dir.resolve("probe.trace");
        final int n = 37;
        try (TraceWriter w = TraceWriter.open(file, new TraceMetadata("v", "hidden", "mV", 2, "step", "test"),
            layout, 5))
        {
            for (int i = 0; i < n; i++)
            {
                TraceFileTest.write(w, layout, i);
            }
        }
        Files.write(file, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        final String script = "path = " + pythonString(file.toString()) + "\n" + numpyReader
            + "print(json.dumps({'meta': meta, 'time': rec['time'].tolist(), 'neuron': rec['neuron'].tolist(),"
            + " 'value': rec['value'].tolist()}))\n";
        final Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), out);
        final String lastLine = List.of(out.strip().split("\n")).get(out.strip().split("\n").length - 1);
        final JsonNode result = new ObjectMapper().readTree(lastLine);

        assertEquals("v", result.get("meta").get("variable").asText());
        assertEquals(layout.timeModel(), result.get("meta").get("timeModel").asText());
        assertEquals(n, result.get("time").size());
        for (int i = 0; i < n; i++)
        {
            assertEquals(TraceFileTest.time(layout, i), result.get("time").get(i).asDouble(), "time " + i);
            assertEquals(i % 1024, result.get("neuron").get(i).asInt(), "neuron " + i);
            assertEquals(TraceFileTest.expectedValue(layout, i), result.get("value").get(i).asDouble(), "value " + i);
        }
    }

    private static String pythonString(final String s)
    {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
