namespace Serverless.Diag.Assertions;

/// <summary>Which kind of value each operator accepts; checked at parse time so a bad line fails validation.</summary>
internal static class ValueRules
{
    /// <param name="length">The subject is <c>len(...)</c>: a plain number.</param>
    public static void Check(AssertionOperator op, string spelling, AssertionValue value, int offset, bool length = false)
    {
        switch (op)
        {
            case AssertionOperator.Matches or AssertionOperator.NotMatches when value is PathValue:
                // A pattern taken from a response would let the target choose what is matched, and how slowly.
                throw new AssertionSyntaxException(offset, $"'{spelling}' needs a regular expression written in the config, not a measured value");
            case var _ when value is BaselineValue:
                if (!Operators.IsOrdering(op))
                {
                    throw new AssertionSyntaxException(offset, $"a baseline is a limit: compare with <, <=, > or >=, not '{spelling}'");
                }

                if (length)
                {
                    throw new AssertionSyntaxException(offset, "len(...) has no history of its own: compare a measurement with its baseline, e.g. 'latency < 2x baseline'");
                }

                return;
            case var _ when value is PathValue:
                return; // what the other path holds is known only when the check runs
            case AssertionOperator.In or AssertionOperator.NotIn:
                if (value is not ListValue list)
                {
                    throw new AssertionSyntaxException(offset, $"'{spelling}' needs a list such as [401, 403]");
                }

                if (length && list.Items.Any(i => i is not NumberValue { Unit: NumberUnit.None }))
                {
                    throw new AssertionSyntaxException(offset, "len(...) is a count: the list must hold plain numbers such as [0, 1]");
                }

                return;
            case AssertionOperator.Matches or AssertionOperator.NotMatches:
                if (value is not StringValue pattern)
                {
                    throw new AssertionSyntaxException(offset, $"'{spelling}' needs a quoted regular expression, e.g. \"^OK\"");
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

        if (length && value is not NumberValue { Unit: NumberUnit.None })
        {
            throw new AssertionSyntaxException(offset, "len(...) is a count: compare it with a plain number such as 3 (or another path)");
        }
    }
}
