using System.Diagnostics.CodeAnalysis;

namespace Serverless.Diag.Assertions;

/// <summary>Parses one <c>expect</c> line. PLACEHOLDER: being implemented (lexer + parser with positions).</summary>
public static class AssertionParser
{
    /// <param name="text">The line, possibly starting with <c>warn:</c>.</param>
    /// <param name="level">The level when the text has no <c>warn:</c> prefix.</param>
    public static bool TryParse(string text, AssertionLevel level, [NotNullWhen(true)] out Assertion? assertion, [NotNullWhen(false)] out AssertionSyntaxError? error)
    {
        throw new NotImplementedException();
    }
}
