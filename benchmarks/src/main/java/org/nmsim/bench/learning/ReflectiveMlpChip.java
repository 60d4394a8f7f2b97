package org.nmsim.bench.learning;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;

import org.nmsim.chip.preset.ChipSpec;
import org.nmsim.chip.preset.Presets;

/**
 * {@code org.nmsim.learning.MlpChip} reached through method handles, because the benchmarks module's POM does not
 * depend on learning-engines (and this branch may not change POM files). The learning-engines classes must be on
 * the class path at run time ({@code benchmarks/peers/run_training_comparison.sh} puts them there). The handles are
 * resolved once; a call through {@code invokeExact} costs nanoseconds, against milliseconds per sample.
 *
 * <p>Threading: NOT thread safe, like the MlpChip it wraps.
 */
final class ReflectiveMlpChip implements AutoCloseable
{
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    private final Object chip;
    private final MethodHandle train;
    private final MethodHandle predict;
    private final Class<?> chipClass;

    private ReflectiveMlpChip(final Object chip) throws ReflectiveOperationException
    {
        this.chip = chip;
        chipClass = chip.getClass();
        train = LOOKUP.findVirtual(chipClass, "trainSample", MethodType.methodType(int.class, double[].class, int.class))
            .bindTo(chip);
        predict = LOOKUP.findVirtual(chipClass, "predict", MethodType.methodType(int.class, double[].class))
            .bindTo(chip);
    }

    /**
     * Builds an FGT MlpChip with the paper's hyperparameters (lambda 0.5, V_th 1, a1 0.25, lambda_M 0.999).
     *
     * @param sizes      layer sizes, input first.
     * @param steps      T.
     * @param eta        learning rate.
     * @param preset     chip preset name, e.g. spinnaker2.
     * @param workers    kernel worker threads.
     * @param fixedPoint true for the chip's fixed-point formats, false for float64.
     * @param seed       experiment seed.
     * @return the chip.
     */
    static ReflectiveMlpChip buildFgt(final int[] sizes, final int steps, final double eta, final String preset,
        final int workers, final boolean fixedPoint, final long seed)
    {
        try
        {
            final Class<?> mlp = Class.forName("org.nmsim.learning.MlpChip");
            final Class<?> methodEnum = Class.forName("org.nmsim.learning.LearningMethod");
            final Class<?> hyperClass = Class.forName("org.nmsim.learning.OnlineHyper");
            final Object fgt = methodEnum.getField("FGT").get(null);
            final Object hyper = hyperClass.getMethod("paperDefaults", methodEnum, int.class, double.class)
                .invoke(null, fgt, steps, eta);
            final ChipSpec spec = Presets.byName(preset);
            Object b = mlp.getMethod("builder", int[].class).invoke(null, (Object)sizes.clone());
            final Class<?> bc = b.getClass();
            b = bc.getMethod("hyper", hyperClass).invoke(b, hyper);
            b = bc.getMethod("chip", ChipSpec.class).invoke(b, spec);
            b = bc.getMethod("workers", int.class).invoke(b, workers);
            b = bc.getMethod("seed", long.class).invoke(b, seed);
            b = bc.getMethod("fixedPoint", boolean.class).invoke(b, fixedPoint);
            return new ReflectiveMlpChip(bc.getMethod("build").invoke(b));
        }
        catch (final java.lang.reflect.InvocationTargetException e)
        {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r)
            {
                throw r;
            }
            if (cause instanceof Error err)
            {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
        catch (final ClassNotFoundException e)
        {
            throw new IllegalStateException("class=" + e.getMessage() + " not found: put learning-engines/target/" +
                "classes and mapping/target/classes on the class path (see run_training_comparison.sh)", e);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("MlpChip API changed: " + e, e);
        }
    }

    int trainSample(final double[] x, final int label)
    {
        try
        {
            return (int)train.invokeExact(x, label);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    int predict(final double[] x)
    {
        try
        {
            return (int)predict.invokeExact(x);
        }
        catch (final RuntimeException | Error e)
        {
            throw e;
        }
        catch (final Throwable t)
        {
            throw new IllegalStateException(t);
        }
    }

    /** @return cores the network was partitioned into. */
    int cores()
    {
        return ((List<?>)call("coreNames")).size();
    }

    /** @return chips used. */
    int chips()
    {
        return (Integer)call("chips");
    }

    /** @return kernel steps per sample. */
    long kernelStepsPerSample()
    {
        return (Long)call("kernelStepsPerSample");
    }

    /** @return the modelled synaptic memory of the simulated chip, in bits, summed over cores, by kind. */
    Map<String, Long> chipMemoryBitsByKind()
    {
        final Map<?, ?> perCore = (Map<?, ?>)call("memory");
        final Map<String, Long> total = new java.util.TreeMap<>();
        for (final Object kinds : perCore.values())
        {
            for (final Map.Entry<?, ?> e : ((Map<?, ?>)kinds).entrySet())
            {
                total.merge(String.valueOf(e.getKey()), ((Number)e.getValue()).longValue(), Long::sum);
            }
        }
        return total;
    }

    private Object call(final String name)
    {
        try
        {
            return chipClass.getMethod(name).invoke(chip);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new IllegalStateException("MlpChip." + name + "(): " + e, e);
        }
    }

    @Override
    public void close()
    {
        call("close");
    }
}
