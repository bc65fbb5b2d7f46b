namespace Serverless.Diag.Assertions;

/// <summary>Which kind of value each operator accepts; checked at parse time so a bad line fails validation.</summary>
internal static class ValueRules
{
    public static void Check(AssertionOperator op, string spelling, AssertionValue value, int offset)
    {
        switch (op)
        {
            case AssertionOperator.In or AssertionOperator.NotIn:
                if (value is not ListValue)
                {
                    throw new AssertionSyntaxException(offset, $"'{spelling}' needs a list such as [401, 403]");
                }

                return;
            case AssertionOperator.Matches:
                if (value is not StringValue pattern)
                {
                    throw new AssertionSyntaxException(offset, "'matches' needs a quoted regular expression, e.g. \"^OK\"");
                }

                if (AssertionRegex.Validate(pattern.Value) is { } problem)
                {
                    throw new AssertionSyntaxException(offset, $"invalid regular expression: {problem}");
                }

                return;
        }

        if (value is ListValue)
        {
            throw new AssertionSyntaxException(offset, "a list can only follow 'in' or '!in'");
        }

        if (Operators.IsOrdering(op) && value is not NumberValue)
        {
            throw new AssertionSyntaxException(offset, $"'{spelling}' needs a number, e.g. 200, 2s, 1MB or 80%");
        }
    }
}
