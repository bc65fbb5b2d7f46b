using System.Diagnostics.CodeAnalysis;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Parses one <c>expect</c> line: <c>[warn:|fail:] subject op [value] [or subject op [value]]...</c>, where a subject is
/// a path or <c>len(path)</c> and a value a literal, a list, or another path.
/// </summary>
public static class AssertionParser
{
    private const string Or = "or";

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
        var first = ParseComparison(text, lexer, level);
        List<Assertion>? alternatives = null;
        while (!lexer.AtEnd)
        {
            var at = lexer.Position;
            if (!lexer.TryReadWord(Or))
            {
                throw new AssertionSyntaxException(at, TrailingText(text, at));
            }

            if (lexer.AtEnd)
            {
                throw new AssertionSyntaxException(at, "expected another assertion after 'or'");
            }

            (alternatives ??= []).Add(ParseComparison(text, lexer, level));
        }

        return first with { Text = text[bodyStart..].Trim(), Alternatives = alternatives ?? [] };
    }

    /// <summary>One <c>subject op [value]</c>, up to the end of the line or an <c>or</c>.</summary>
    private static Assertion ParseComparison(string text, AssertionLexer lexer, AssertionLevel level)
    {
        lexer.SkipSpaces();
        var start = lexer.Position;
        var subject = lexer.ReadSubject();
        var (op, spelling, opOffset) = lexer.ReadOperator(subject.Display);
        if (subject.Length && !Operators.TakesNumber(op))
        {
            throw new AssertionSyntaxException(opOffset, $"len(...) is a number: compare it with ==, !=, <, <=, >, >=, in or !in, not '{spelling}'");
        }

        AssertionValue? expected = null;
        if (Operators.TakesValue(op))
        {
            var valueOffset = ValueOffset(lexer);
            expected = ValueParser.Parse(lexer, spelling);
            ValueRules.Check(op, spelling, expected, valueOffset, subject.Length);
        }
        else if (!lexer.AtEnd && !NextIsOr(lexer))
        {
            throw new AssertionSyntaxException(lexer.Position, $"'{spelling}' takes no value");
        }

        return new Assertion(text[start..lexer.Position].Trim(), level, subject.Path, op, expected) { PathOffset = subject.Offset, Length = subject.Length };
    }

    private static bool NextIsOr(AssertionLexer lexer)
    {
        var at = lexer.Position;
        var isOr = lexer.TryReadWord(Or);
        lexer.Rewind(at);
        return isOr;
    }

    private static string TrailingText(string text, int at) =>
        string.CompareOrdinal(text, at, "and ", 0, 4) == 0 || string.CompareOrdinal(text, at, "&&", 0, 2) == 0 || string.CompareOrdinal(text, at, "||", 0, 2) == 0
            ? "trailing text after the value (write each assertion that must hold on its own line; join alternatives with 'or')"
            : "trailing text after the value";

    private static int ValueOffset(AssertionLexer lexer)
    {
        lexer.SkipSpaces();
        return lexer.Position;
    }
}
