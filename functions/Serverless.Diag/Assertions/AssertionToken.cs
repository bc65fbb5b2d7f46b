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
}

/// <summary>A token on the value side of an assertion; <paramref name="Value"/> is set for numbers, strings and keywords.</summary>
internal readonly record struct AssertionToken(TokenKind Kind, string Text, int Offset, AssertionValue? Value = null);
