namespace Serverless.Diag.Assertions;

internal enum TokenKind
{
    End,
    Number,
    String,
    Keyword,
    Word,
    OpenBracket,
    CloseBracket,
    Comma,

    /// <summary>A number written with <c>x</c> (<c>2x</c>): a factor that must be followed by <c>baseline</c>.</summary>
    Factor,
}

/// <summary>A token on the value side of an assertion; <paramref name="Value"/> is set for numbers, strings and keywords.</summary>
internal readonly record struct AssertionToken(TokenKind Kind, string Text, int Offset, AssertionValue? Value = null);
