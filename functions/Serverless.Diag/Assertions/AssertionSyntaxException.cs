namespace Serverless.Diag.Assertions;

/// <summary>Unwinds the lexer and parser to <see cref="AssertionParser.TryParse"/>; never escapes it.</summary>
internal sealed class AssertionSyntaxException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;

    public AssertionSyntaxError ToError() => new(Offset, Message);
}
