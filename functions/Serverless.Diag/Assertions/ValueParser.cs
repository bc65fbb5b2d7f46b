namespace Serverless.Diag.Assertions;

/// <summary>The right-hand side: a scalar literal, a list of them, or another path (<c>json.limit</c>, <c>len(json.items)</c>).</summary>
internal static class ValueParser
{
    public static AssertionValue Parse(AssertionLexer lexer, string operatorSpelling)
    {
        var token = lexer.NextValueToken();
        var missing = token.Kind is TokenKind.End or TokenKind.Comma or TokenKind.CloseBracket || token is { Kind: TokenKind.Word, Text: "or" };
        if (missing)
        {
            throw new AssertionSyntaxException(token.Offset, $"expected a value after '{operatorSpelling}'");
        }

        return token.Kind switch
        {
            TokenKind.OpenBracket => ParseList(lexer, token),
            TokenKind.Word => ReadPath(lexer, token),
            _ => Scalar(token),
        };
    }

    private static ListValue ParseList(AssertionLexer lexer, AssertionToken open)
    {
        var items = new List<AssertionValue>();
        var token = lexer.NextValueToken();
        if (token.Kind == TokenKind.CloseBracket)
        {
            return new ListValue(items);
        }

        while (true)
        {
            switch (token.Kind)
            {
                case TokenKind.End:
                    throw new AssertionSyntaxException(open.Offset, "unterminated list (expected ']')");
                case TokenKind.OpenBracket:
                    throw new AssertionSyntaxException(token.Offset, "lists cannot be nested");
                case TokenKind.Comma or TokenKind.CloseBracket:
                    throw new AssertionSyntaxException(token.Offset, "expected a value in the list");
            }

            items.Add(Scalar(token));
            var separator = lexer.NextValueToken();
            switch (separator.Kind)
            {
                case TokenKind.CloseBracket:
                    return new ListValue(items);
                case TokenKind.Comma:
                    token = lexer.NextValueToken();
                    break;
                case TokenKind.End:
                    throw new AssertionSyntaxException(open.Offset, "unterminated list (expected ']')");
                default:
                    throw new AssertionSyntaxException(separator.Offset, "expected ',' or ']' in the list");
            }
        }
    }

    // An unquoted word starts a path: the lexer read only its first name, so the path is read again from there.
    private static PathValue ReadPath(AssertionLexer lexer, AssertionToken token)
    {
        lexer.Rewind(token.Offset);
        var operand = lexer.ReadOperand();
        return new PathValue(operand.Path, operand.Length, operand.Offset);
    }

    private static AssertionValue Scalar(AssertionToken token) => token.Kind switch
    {
        TokenKind.Number or TokenKind.String or TokenKind.Keyword => token.Value!,
        TokenKind.Word => throw new AssertionSyntaxException(token.Offset, $"unexpected '{token.Text}' (quote text, e.g. \"{token.Text}\")"),
        _ => throw new AssertionSyntaxException(token.Offset, $"unexpected '{token.Text}'"),
    };
}
