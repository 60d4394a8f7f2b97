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

    /**
     * What {@code nmsim map} checks against a chip without building the learner: the network with the feedback
     * projections the algorithm adds, and the state, operations and messages its learning needs. Reads the same
     * parameters as {@link #build} (collecting problems in {@code params}).
     *
     * @param setup  network, chip, seed, workers.
     * @param params the algorithm section.
     * @return the description, or null when this factory does not describe itself for mapping (yet).
     */
    default Footprint footprint(final LearnerSetup setup, final AlgorithmParams params)
    {
        return null;
    }

    /**
     * @param network the populations and projections, feedback included.
     * @param needs   the learning state, operations and message kinds.
     */
    record Footprint(org.nmsim.mapping.net.Network network, org.nmsim.mapping.place.LearningNeeds needs)
    {
    }
}
