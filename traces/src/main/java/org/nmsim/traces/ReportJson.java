package org.nmsim.traces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@code report.json}: pretty-printed JSON of {@link Report}, maps in key order, absent optional
 * sections left out. Writing is atomic ({@link AtomicFiles}); reading validates the format version first and names
 * the file, line and column of any error.
 *
 * <p>Threading: stateless; thread safe.
 */
public final class ReportJson
{
    /** The file name of a run's JSON report inside its run directory. */
    public static final String FILE_NAME = "report.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .build();

    private ReportJson()
    {
    }

    /**
     * @param report the report.
     * @return its JSON, UTF-8, ending in a newline.
     */
    public static byte[] toBytes(final Report report)
    {
        try
        {
            final byte[] json = MAPPER.writeValueAsBytes(report);
            final byte[] withNewline = java.util.Arrays.copyOf(json, json.length + 1);
            withNewline[json.length] = '\n';
            return withNewline;
        }
        catch (final JsonProcessingException ex)
        {
            throw new UncheckedIOException("report cannot be serialised: " + ex.getOriginalMessage(), ex);
        }
    }

    /**
     * Writes the report atomically: readers see the old file or the new one, never a part.
     *
     * @param path   the file, usually {@code RUN_DIR/report.json}.
     * @param report the report.
     * @throws IOException when it cannot be written; the old file is then unchanged.
     */
    public static void write(final Path path, final Report report) throws IOException
    {
        AtomicFiles.write(path, toBytes(report));
    }

    /**
     * Reads a report and validates its format version and mandatory sections.
     *
     * @param path the file.
     * @return the report.
     * @throws FileFormatException when the file is not a readable report of this format version; the message names
     *                             the file and, for JSON errors, the line and column.
     * @throws IOException         when the file cannot be read.
     */
    public static Report read(final Path path) throws IOException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new NoSuchFileException(path.toString(), null, "no report here (a run writes " + FILE_NAME + ")");
        }
        return parse(bytes, path.toString());
    }

    /**
     * Parses a report from JSON.
     *
     * @param json   the JSON bytes.
     * @param source the name of where they came from, for error messages.
     * @return the report.
     * @throws FileFormatException when the JSON is malformed, of another format version or not a valid report.
     */
    public static Report parse(final byte[] json, final String source) throws FileFormatException
    {
        final JsonNode tree;
        try
        {
            tree = MAPPER.readTree(json);
        }
        catch (final IOException ex)
        {
            throw error(source, ex, "malformed JSON");
        }
        if (tree == null || tree.isMissingNode())
        {
            throw new FileFormatException(source + ": empty file (a report is a JSON object with formatVersion="
                + Report.FORMAT_VERSION + ")");
        }
        final JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToInt())
        {
            throw new FileFormatException(source + ": no integer formatVersion at the top level (not an nmsim report; "
                + "this nmsim reads formatVersion=" + Report.FORMAT_VERSION + ")");
        }
        if (version.intValue() != Report.FORMAT_VERSION)
        {
            throw new FileFormatException(source + ": formatVersion=" + version.intValue()
                + " but this nmsim reads formatVersion=" + Report.FORMAT_VERSION + " (re-render with the nmsim that "
                + (version.intValue() > Report.FORMAT_VERSION ? "wrote it)" : "wrote it, or re-run with this one)"));
        }
        try
        {
            return MAPPER.readValue(json, Report.class);
        }
        catch (final IOException ex)
        {
            throw error(source, ex, "not a valid report");
        }
    }

    private static String fieldPath(final JsonMappingException ex)
    {
        final StringBuilder sb = new StringBuilder();
        for (final JsonMappingException.Reference ref : ex.getPath())
        {
            if (ref.getFieldName() != null)
            {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
            else if (ref.getIndex() >= 0)
            {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static FileFormatException error(final String source, final IOException ex, final String problem)
    {
        final String where;
        final String detail;
        if (ex instanceof JsonProcessingException jpe)
        {
            final JsonLocation at = jpe.getLocation();
            final String field = ex instanceof JsonMappingException jme ? fieldPath(jme) : "";
            where = (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr())
                + (field.isEmpty() ? "" : ", field " + field);
            final Throwable cause = jpe.getCause();
            final String original = cause != null && cause.getMessage() != null && cause.getClass().getName()
                .startsWith("java.lang") ? cause.getMessage() : jpe.getOriginalMessage();
            String line = original == null ? "" : original.lines().findFirst().orElse("");
            final int hint = line.indexOf(" (set DeserializationConfig");
            if (hint >= 0)
            {
                line = "missing or null, but it is required";
            }
            detail = line.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1 column $2");
        }
        else
        {
            where = "";
            detail = String.valueOf(ex.getMessage());
        }
        return new FileFormatException(source + ": " + problem + where + ": " + detail + " (report.json must be the "
            + "complete JSON that nmsim wrote, formatVersion=" + Report.FORMAT_VERSION + ")", ex);
    }
}
