package org.nmsim.learning.sop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearningRuleTest
{
    private static final String ALLOWED = "(factors: x0 y0 u0..u9 x1 x2 y1 y2 y3 w d t, constants, 2^k)";

    @Test
    void shouldParsePairwiseStdpIntoTwoGatedProducts()
    {
        final LearningRule r = LearningRule.parse("dw = 2^-2 * x1 * y0 - 2^-2 * y1 * x0");
        assertEquals(Target.DW, r.target());
        assertEquals(2, r.products().size());
        final Product ltp = r.products().get(0);
        assertEquals(Dependency.Y0, ltp.dependency());
        assertEquals(1, ltp.mantissa());
        assertEquals(-2, ltp.exponent());
        assertEquals(List.of(new Factor(Variable.X1, 0, false, 13)), ltp.factors());
        final Product ltd = r.products().get(1);
        assertEquals(Dependency.X0, ltd.dependency());
        assertEquals(-1, ltd.mantissa());
        assertEquals(-2, ltd.exponent());
        assertEquals(Variable.Y1, ltd.factors().get(0).variable());
        assertEquals(0.25, ltp.scale());
        assertEquals(-1, r.decimateExponent());
    }

    @Test
    void shouldIgnoreWhitespaceAndFoldEveryLiteralIntoTheScale()
    {
        final Product p = LearningRule.parse("dw=3*2^-4*u1*x2*(y2-5)").products().get(0);
        assertEquals(Dependency.U, p.dependency());
        assertEquals(1, p.decimateExponent());
        assertEquals(3, p.mantissa());
        assertEquals(-4, p.exponent());
        assertEquals(Variable.X2, p.factors().get(0).variable());
        assertEquals(new Factor(Variable.Y2, -5, false, 18), p.factors().get(1));
    }

    @Test
    void shouldNormaliseAnEvenMantissaIntoTheExponentAsLavaDoes()
    {
        final Product p = LearningRule.parse("dw = 16 * x0 * y1").products().get(0);
        assertEquals(4, p.mantissa());
        assertEquals(2, p.exponent());
        final Product q = LearningRule.parse("dw = (4) * 2^1 * x0").products().get(0);
        assertEquals(4, q.mantissa());
        assertEquals(1, q.exponent());
    }

    @Test
    void shouldTreatOnlyTheFirstSpikeSymbolAsTheDependency()
    {
        final Product p = LearningRule.parse("dw = x0 * y0 * w").products().get(0);
        assertEquals(Dependency.X0, p.dependency());
        assertEquals(List.of(Variable.Y0, Variable.W), p.factors().stream().map(Factor::variable).toList());
    }

    @Test
    void shouldParseSignAndBracketedConstantsWithTheSignMovedToTheScale()
    {
        final Product s = LearningRule.parse("dt = -sgn(w - 3) * y0").products().get(0);
        assertEquals(Target.DT, LearningRule.parse("dt = -sgn(w - 3) * y0").target());
        assertEquals(-1, s.mantissa());
        assertEquals(new Factor(Variable.W, -3, true, 11), s.factors().get(0));
        // (-x1 + 2) = -(x1 - 2): mantissa -1, constant -2 (Lava's product_series rule)
        final Product n = LearningRule.parse("dd = (-x1 + 2) * y0 + 7 * x0").products().get(0);
        assertEquals(-1, n.mantissa());
        assertEquals(new Factor(Variable.X1, -2, false, 8), n.factors().get(0));
        assertEquals(2, LearningRule.parse("dd = (-x1 + 2) * y0 + 7 * x0").products().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "dw = x1 * y9|unknown factor 'y9' at column 11 " + ALLOWED,
        "dx = x1 * y0|expected target dw, dd or dt at column 1, found 'dx'",
        "dw x1 * y0|expected '=' at column 4, found 'x'",
        "dw = x1 * y1|product at column 6 has no dependency (each product needs one of x0, y0, u0..u9)",
        "dw = 2^-9 * x0|scale exponent=-9 of the product at column 6 out of range [-7, 8] (scale = mantissa * "
            + "2^exponent)",
        "dw = 9 * x0|scale mantissa=9 of the product at column 6 out of range [-8, 7] (scale = mantissa * "
            + "2^exponent)",
        "dw = sgn(x1) * y0|sgn() applies only to w, d, t; found 'x1' at column 10",
        "dw = 3^2 * x0|power base=3 at column 6 is not 2 (scales are m * 2^k)",
        "dw = x1 *|unexpected end of rule at column 10 (expected a factor; factors: x0 y0 u0..u9 x1 x2 y1 y2 y3 "
            + "w d t, constants, 2^k)",
        "dw = x0 y1|expected '+', '-' or '*' at column 9, found 'y'",
        "dw = x12 * y0|unknown factor 'x12' at column 6 " + ALLOWED,
        "dw = (x1 + 200) * y0|constant=200 at column 12 out of range [-128, 127] (8-bit factor constants)",
        "dw = u1 * x1 + u2 * y1|u2 conflicts with u1 (one decimation exponent k per rule set)",
        "dw = x0 * u1|u1 at column 11 after dependency x0 (u_k is a dependency, never a factor)",
    })
    void shouldRejectInvalidRulesNamingTokenColumnAndAllowedSet(final String rule, final String message)
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LearningRule.parse(rule));
        assertEquals("rule '" + rule + "': " + message, e.getMessage());
    }
}
