/**
 * Loihi-style sum-of-products plasticity engine: rules written as strings ({@link
 * org.nmsim.learning.sop.LearningRule}), 7-bit traces ({@link org.nmsim.learning.sop.TraceBank}), learning epochs,
 * 16-bit saturating accumulation and stochastic rounding ({@link org.nmsim.learning.sop.SumOfProductsEngine}), op
 * counts ({@link org.nmsim.learning.sop.SopCounts}) and the capability declaration mapping checks against a chip
 * ({@link org.nmsim.learning.sop.SopCapabilities}).
 *
 * <p>Semantics follow Lava's learning API (lava-nc/lava): {@code src/lava/magma/core/learning/string_symbols.py},
 * {@code symbolic_equation.py}, {@code product_series.py}, {@code learning_rule.py}, {@code constants.py},
 * {@code utils.py}, {@code random.py}, {@code learning_rule_applier.py}, and the bit-approximate connection model in
 * {@code src/lava/magma/core/model/py/connection.py}. No Lava code is copied; deviations are listed on
 * {@link org.nmsim.learning.sop.SumOfProductsEngine}.
 */
package org.nmsim.learning.sop;
