using System.Diagnostics.CodeAnalysis;

namespace Serverless.Diag.Assertions;

/// <summary>Parses one <c>expect</c> line: <c>[warn:|fail:] path op [value]</c>.</summary>
public static class AssertionParser
{
    private static readonly (string Prefix, AssertionLevel Level)[] Prefixes = [("warn:", AssertionLevel.Warn), ("fail:", AssertionLevel.Fail)];

    /// <param name="text">The line, possibly starting with <c>warn:</c> (or <c>fail:</c>, the default made explicit).</param>
    /// <param name="level">The level when the text has no prefix.</param>
    /// <param name="error">Offsets count from the start of <paramref name="text"/>, prefix included.</param>
    public static bool TryParse(string text, AssertionLevel level, [NotNullWhen(true)] out Assertion? assertion, [NotNullWhen(false)] out AssertionSyntaxError? error)
    {
        try
        {
            assertion = Parse(text ?? "", level);
            error = null;
            return true;
        }
        catch (AssertionSyntaxException e)
        {
            assertion = null;
            error = e.ToError();
            return false;
        }
    }

    private static Assertion Parse(string text, AssertionLevel level)
    {
        var lexer = new AssertionLexer(text, 0);
        lexer.SkipSpaces();
        string? prefix = null;
        foreach (var (candidate, prefixLevel) in Prefixes)
        {
            if (string.CompareOrdinal(text, lexer.Position, candidate, 0, candidate.Length) == 0)
            {
                (prefix, level) = (candidate, prefixLevel);
                lexer = new AssertionLexer(text, lexer.Position + candidate.Length);
                break;
            }
        }

        if (lexer.AtEnd)
        {
            throw new AssertionSyntaxException(lexer.Position, prefix is null ? "empty assertion" : $"expected an assertion after '{prefix}'");
        }

        var bodyStart = lexer.Position;
        var path = lexer.ReadPath();
        var (op, spelling, _) = lexer.ReadOperator(path);
        AssertionValue? expected = null;
        if (Operators.TakesValue(op))
        {
            var valueOffset = ValueOffset(lexer);
            expected = ValueParser.Parse(lexer, spelling);
            ValueRules.Check(op, spelling, expected, valueOffset);
        }
        else if (!lexer.AtEnd)
        {
            throw new AssertionSyntaxException(lexer.Position, $"'{spelling}' takes no value");
        }

        if (!lexer.AtEnd)
        {
            throw new AssertionSyntaxException(lexer.Position, "trailing text after the value");
        }

        return new Assertion(text[bodyStart..].Trim(), level, path, op, expected) { PathOffset = bodyStart };
    }

    private static int ValueOffset(AssertionLexer lexer)
    {
        lexer.SkipSpaces();
        return lexer.Position;
    }
}
