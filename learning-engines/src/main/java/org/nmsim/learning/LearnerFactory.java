package org.nmsim.learning;

import java.util.List;

/**
 * Builds one family of {@link OnChipLearner}s from the {@code algorithm} section of an experiment config. Registered
 * in {@link Learners}.
 */
public interface LearnerFactory
{
    /** @return the {@code algorithm.method} values this factory builds, lower case (e.g. {@code sfdfa}). */
    List<String> methods();

    /**
     * Reads the parameters (collecting problems in {@code params}) and builds the learner. The caller runs
     * {@link AlgorithmParams#check()} before using the result, so a factory may return null when it collected
     * errors.
     *
     * @param setup  network, chip, seed, workers.
     * @param params the algorithm section; {@code params.method()} is one of {@link #methods()}.
     * @return the learner, or null when {@code params} collected errors.
     */
    OnChipLearner build(LearnerSetup setup, AlgorithmParams params);
}
