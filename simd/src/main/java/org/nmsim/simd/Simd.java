package org.nmsim.simd;

import java.util.Locale;

/**
 * Whether nmsim's vector kernels ({@link VectorRounding}) run in this JVM. They need the incubating Vector API, which
 * a JVM resolves only when asked ({@code java --add-modules jdk.incubator.vector}, which also prints a warning that
 * the module incubates). The system property {@code nmsim.simd} chooses:
 * <ul>
 *   <li>{@code auto} (the default): on when the module is resolved and the JDK is 25 or later. On JDK 17 the API's
 *       conversions between long and double lanes are not compiled to vector instructions, and the kernels run about
 *       three times slower than the scalar loops (measured on this project's machine); JDKs 18 to 24 were not
 *       measured.</li>
 *   <li>{@code on}: whenever the module is resolved (the tests use it to check the kernels on JDK 17).</li>
 *   <li>{@code off}: never.</li>
 * </ul>
 * The results are the same bit for bit either way; only the speed differs.
 *
 * <p>Threading: immutable after class initialisation.
 */
public final class Simd
{
    /** The incubating module the kernels use. */
    public static final String MODULE = "jdk.incubator.vector";

    private static final boolean ENABLED;
    /** The property's error, kept to be thrown by {@link #enabled} (thrown here, it would fail class loading). */
    private static final String BAD_MODE;

    static
    {
        boolean enabled = false;
        String bad = null;
        try
        {
            enabled = decide(System.getProperty("nmsim.simd", "auto"),
                ModuleLayer.boot().findModule(MODULE).isPresent(), Runtime.version().feature());
        }
        catch (final IllegalArgumentException ex)
        {
            bad = ex.getMessage();
        }
        ENABLED = enabled;
        BAD_MODE = bad;
    }

    private Simd()
    {
    }

    /**
     * @return true when the vector kernels run in this JVM.
     * @throws IllegalArgumentException when the system property {@code nmsim.simd} is not auto, on or off.
     */
    public static boolean enabled()
    {
        if (BAD_MODE != null)
        {
            throw new IllegalArgumentException(BAD_MODE);
        }
        return ENABLED;
    }

    /**
     * @param mode     {@code auto}, {@code on} or {@code off} (any case).
     * @param resolved whether the JVM resolved {@link #MODULE}.
     * @param feature  the JDK's feature release (17, 25, ...).
     * @return whether the vector kernels run.
     * @throws IllegalArgumentException for another mode, naming the property, the value and the choices.
     */
    static boolean decide(final String mode, final boolean resolved, final int feature)
    {
        switch (mode.trim().toLowerCase(Locale.ROOT))
        {
            case "auto":
                return resolved && feature >= 25;
            case "on":
                return resolved;
            case "off":
                return false;
            default:
                throw new IllegalArgumentException("system property nmsim.simd=" + mode +
                    ": must be auto, on or off");
        }
    }
}
