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
            TokenKind.Factor => ReadBaseline(lexer, token, (NumberValue)token.Value!),
            TokenKind.Word when IsBaselineWord(lexer, token) => ReadBaseline(lexer, token, factor: null),
            TokenKind.Word => ReadPath(lexer, token),
            _ => Scalar(token),
        };
    }

    // A bare 'baseline' is the keyword; 'baseline.x' or 'baseline[0]' stays a path.
    private static bool IsBaselineWord(AssertionLexer lexer, AssertionToken token) =>
        token.Text == BaselineValue.Keyword && lexer.Peek() is not ('.' or '[');

    /// <summary><c>[Nx] baseline [(+|-) number]</c>, the factor (if any) already read.</summary>
    private static BaselineValue ReadBaseline(AssertionLexer lexer, AssertionToken first, NumberValue? factor)
    {
        if (factor is not null)
        {
            if (!(factor.Value > 0) || !double.IsFinite(factor.Value))
            {
                throw new AssertionSyntaxException(first.Offset, $"the factor must be a positive number, not '{first.Text}'");
            }

            var word = lexer.NextValueToken();
            if (word.Kind != TokenKind.Word || word.Text != BaselineValue.Keyword)
            {
                throw new AssertionSyntaxException(word.Offset, $"expected 'baseline' after '{first.Text}' (e.g. '{first.Text} baseline'); 'x' makes a number a factor of the check's own history");
            }
        }

        NumberValue? offset = null;
        var signAt = lexer.Position;
        if (lexer.TryReadSign() is { } sign)
        {
            var number = lexer.NextValueToken();
            if (number.Kind != TokenKind.Number || number.Text.StartsWith('-') || number.Text.StartsWith('+'))
            {
                throw new AssertionSyntaxException(number.Offset, $"expected a number after '{sign}', e.g. 'baseline + 1%' or 'baseline + 50ms'");
            }

            var value = (NumberValue)number.Value!;
            offset = sign == '-' ? value with { Value = -value.Value, Written = "-" + value.Written } : value;
        }
        else
        {
            lexer.Rewind(signAt);
        }

        return new BaselineValue(factor?.Value ?? 1, offset, lexer.Slice(first.Offset, lexer.Position).Trim());
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
        TokenKind.Factor => throw new AssertionSyntaxException(token.Offset, $"'{token.Text}' is a factor of the baseline: it cannot stand in a list"),
        _ => throw new AssertionSyntaxException(token.Offset, $"unexpected '{token.Text}'"),
    };
}
