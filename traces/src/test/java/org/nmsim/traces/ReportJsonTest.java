package org.nmsim.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRoundTripEverySectionByteForByte() throws IOException
    {
        final Report report = SampleReports.sample(42, 1, 1);
        final Path file = dir.resolve("report.json");
        ReportJson.write(file, report);
        final Report read = ReportJson.read(file);
        assertArrayEquals(Files.readAllBytes(file), ReportJson.toBytes(read));
        assertEquals(report.run(), read.run());
        assertEquals(report.epochs(), read.epochs());
        assertEquals(report.cores(), read.cores());
        assertEquals(report.energy(), read.energy());
        assertEquals(report.neurobench(), read.neurobench());
        assertEquals(report.referenceComparison(), read.referenceComparison());
        assertArrayEquals(report.rasters().get(0).times(), read.rasters().get(0).times());
        assertNull(read.epochs().get(2).testLoss());
    }

    @Test
    void shouldWriteTheDocumentedSchema() throws IOException
    {
        final JsonNode json = new ObjectMapper().readTree(ReportJson.toBytes(SampleReports.sample(42, 1, 1)));
        assertEquals(1, json.get("formatVersion").intValue());
        assertEquals("loihi1", json.at("/run/chipPreset").asText());
        assertEquals("sfdfa", json.at("/run/config/algorithm/name").asText());
        assertEquals(23.6, json.at("/energy/byOperation/0/picojoulesPerOp").asDouble());
        assertEquals("Davies et al. 2018, Table 2", json.at("/energy/byOperation/0/source").asText());
        assertFalse(json.at("/energy/byOperation/0/assumption").asBoolean());
        assertTrue(json.at("/energy/byOperation/4/assumption").asBoolean());
        assertEquals(48_000_000 * 23.6e-12, json.at("/energy/byOperation/0/joules").asDouble(), 1e-15);
        assertEquals(0.02 * 0.15, json.at("/energy/staticJoules").asDouble(), 1e-15);
        assertEquals(41_000, json.at("/stepTimes/p99Ns").asLong());
        assertEquals(1_048_576, json.at("/cores/0/memory/capacityBits").asLong());
        assertTrue(json.at("/cores/0/ops/synop").isNumber());
        assertEquals("[\"learningUpdate\",\"neuronUpdate\",\"synop\"]",
            new ObjectMapper().writeValueAsString(json.at("/cores/0/ops").fieldNames()));
        assertEquals(0.93, json.at("/neurobench/activationSparsity").asDouble());
    }

    @Test
    void shouldRoundTripNaNValues() throws IOException
    {
        final Report base = SampleReports.minimal();
        final Report withNaN = new Report(base.formatVersion(), base.run(), base.epochs(), base.cores(),
            base.populations(), base.messages(), base.energy(), base.perSample(), base.stepTimes(), null,
            java.util.List.of(new Report.LayerAlignment("fc1", java.util.List.of(new Report.AlignmentPoint(1, Double.NaN)))),
            java.util.List.of(Report.ReferenceLine.of("nan", Double.NaN, 1, 0.1)), null);
        final Report read = ReportJson.parse(ReportJson.toBytes(withNaN), "nan.json");
        assertTrue(Double.isNaN(read.gradientAlignment().get(0).points().get(0).cosine()));
        assertTrue(Double.isNaN(read.referenceComparison().get(0).value()));
        assertFalse(read.referenceComparison().get(0).pass());
    }

    @Test
    void shouldLeaveOutAbsentOptionalSections() throws IOException
    {
        final byte[] bytes = ReportJson.toBytes(SampleReports.minimal());
        final JsonNode json = new ObjectMapper().readTree(bytes);
        assertFalse(json.has("neurobench"));
        assertFalse(json.has("gradientAlignment"));
        assertFalse(json.has("referenceComparison"));
        assertFalse(json.has("rasters"));
        assertNull(ReportJson.parse(bytes, "min.json").neurobench());
    }

    @Test
    void shouldRejectNewerAndOlderFormatVersions() throws IOException
    {
        final String json = new String(ReportJson.toBytes(SampleReports.minimal()), StandardCharsets.UTF_8);
        final Path newer = dir.resolve("newer.json");
        Files.writeString(newer, json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 3"));
        final FileFormatException ex = assertThrows(FileFormatException.class, () -> ReportJson.read(newer));
        assertEquals(newer + ": formatVersion=3 but this nmsim reads formatVersion=1 (re-render with the nmsim that "
            + "wrote it)", ex.getMessage());

        final Path older = dir.resolve("older.json");
        Files.writeString(older, json.replace("\"formatVersion\" : 1", "\"formatVersion\" : 0"));
        final FileFormatException ex0 = assertThrows(FileFormatException.class, () -> ReportJson.read(older));
        assertTrue(ex0.getMessage().startsWith(older + ": formatVersion=0 but this nmsim reads formatVersion=1"),
            ex0.getMessage());

        final Path none = dir.resolve("none.json");
        Files.writeString(none, "{\"hello\": 1}");
        final FileFormatException exNone = assertThrows(FileFormatException.class, () -> ReportJson.read(none));
        assertTrue(exNone.getMessage().startsWith(none + ": no integer formatVersion"), exNone.getMessage());
    }

    @Test
    void shouldNameFileLineAndColumnOfTruncatedJson() throws IOException
    {
        final byte[] full = ReportJson.toBytes(SampleReports.sample(1, 1, 1));
        final Path cut = dir.resolve("cut.json");
        Files.write(cut, Arrays.copyOf(full, 300));
        final long lines = new String(Arrays.copyOf(full, 300), StandardCharsets.UTF_8).lines().count();
        final FileFormatException ex = assertThrows(FileFormatException.class, () -> ReportJson.read(cut));
        assertTrue(ex.getMessage().startsWith(cut + ": malformed JSON at line " + lines + " column "),
            ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), ex.getMessage());
        assertFalse(ex.getMessage().contains("REDACTED"), ex.getMessage());
    }

    @Test
    void shouldNameFileLineAndColumnOfMalformedAndInvalidJson() throws IOException
    {
        final Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"formatVersion\": 1,\n  \"run\": [}\n");
        final FileFormatException ex = assertThrows(FileFormatException.class, () -> ReportJson.read(bad));
        assertTrue(ex.getMessage().startsWith(bad + ": malformed JSON at line 3 column 11"), ex.getMessage());

        final Path missing = dir.resolve("missing.json");
        Files.writeString(missing, "{\n  \"formatVersion\": 1\n}\n");
        final FileFormatException exMissing = assertThrows(FileFormatException.class, () -> ReportJson.read(missing));
        assertTrue(exMissing.getMessage().startsWith(missing + ": not a valid report at line "), exMissing.getMessage());
        assertTrue(exMissing.getMessage().contains("run is required"), exMissing.getMessage());

        final String json = new String(ReportJson.toBytes(SampleReports.minimal()), StandardCharsets.UTF_8);
        final Path noSeed = dir.resolve("noseed.json");
        Files.writeString(noSeed, json.replace("\"seed\" : 1,", ""));
        final FileFormatException exNoSeed = assertThrows(FileFormatException.class, () -> ReportJson.read(noSeed));
        assertTrue(exNoSeed.getMessage().contains(", field run.seed: missing or null, but it is required"),
            exNoSeed.getMessage());

        final Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, json.replace("\"seed\" : 1", "\"seed\" : 1, \"sead\" : 1"));
        final FileFormatException exUnknown = assertThrows(FileFormatException.class, () -> ReportJson.read(unknown));
        assertTrue(exUnknown.getMessage().contains("\"sead\""), exUnknown.getMessage());

        final Path empty = dir.resolve("empty.json");
        Files.write(empty, new byte[0]);
        final FileFormatException exEmpty = assertThrows(FileFormatException.class, () -> ReportJson.read(empty));
        assertTrue(exEmpty.getMessage().startsWith(empty + ": empty file"), exEmpty.getMessage());
    }
}
