using System.Globalization;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Splits one assertion line into a path, an operator and value tokens. The parser says which of the
/// three it expects next, because the same characters mean different things on each side (a <c>-</c>
/// is part of <c>headers.content-type</c> but a sign in <c>-5</c>).
/// </summary>
internal sealed class AssertionLexer(string text, int start)
{
    private const string OperatorSymbols = "=!<>~";
    private const string LengthCall = "len(";

    public int Position { get; private set; } = start;

    public bool AtEnd
    {
        get
        {
            SkipSpaces();
            return Position >= text.Length;
        }
    }

    public void SkipSpaces()
    {
        while (Position < text.Length && char.IsWhiteSpace(text[Position]))
        {
            Position++;
        }
    }

    /// <summary>The left side: a path or <c>len(path)</c>, followed by a space or an operator.</summary>
    public Operand ReadSubject()
    {
        SkipSpaces();
        if (Position < text.Length && OperatorSymbols.Contains(text[Position], StringComparison.Ordinal))
        {
            throw new AssertionSyntaxException(Position, "expected a path before the operator, e.g. 'status == 200'");
        }

        var begin = Position;
        var operand = ReadOperand();
        if (!operand.Length && Position < text.Length && text[Position] == ':')
        {
            throw new AssertionSyntaxException(begin, $"unknown prefix '{text[begin..(Position + 1)]}' (use 'warn:' or 'fail:')");
        }

        if (Position < text.Length && !char.IsWhiteSpace(text[Position]) && !OperatorSymbols.Contains(text[Position], StringComparison.Ordinal))
        {
            throw new AssertionSyntaxException(Position, $"unexpected '{text[Position]}' in the path");
        }

        return operand;
    }

    /// <summary>A path or <c>len(path)</c> at the current position (after spaces).</summary>
    public Operand ReadOperand()
    {
        SkipSpaces();
        if (string.CompareOrdinal(text, Position, LengthCall, 0, LengthCall.Length) != 0)
        {
            var at = Position;
            Position = AssertionPath.Scan(text, Position, out var path, out _);
            return new Operand(path, false, at);
        }

        var open = Position + LengthCall.Length - 1;
        Position = open + 1;
        SkipSpaces();
        var offset = Position;
        Position = AssertionPath.Scan(text, Position, out var inner, out _);
        SkipSpaces();
        if (Position >= text.Length || text[Position] != ')')
        {
            throw new AssertionSyntaxException(Position < text.Length ? Position : open, "expected ')' to close 'len(' after the path");
        }

        Position++;
        return new Operand(inner, true, offset);
    }

    /// <summary>Whether the next word is <paramref name="word"/> (followed by a space or the end); consumes it if so.</summary>
    public bool TryReadWord(string word)
    {
        SkipSpaces();
        var end = Position + word.Length;
        if (string.CompareOrdinal(text, Position, word, 0, word.Length) != 0 || (end < text.Length && !char.IsWhiteSpace(text[end])))
        {
            return false;
        }

        Position = end;
        return true;
    }

    /// <summary>Puts the lexer back to <paramref name="position"/> (a token read as a word turns out to start a path).</summary>
    public void Rewind(int position) => Position = position;

    public (AssertionOperator Operator, string Spelling, int Offset) ReadOperator(string subject)
    {
        SkipSpaces();
        var begin = Position;
        if (begin >= text.Length)
        {
            throw new AssertionSyntaxException(begin, $"expected an operator after '{subject}', such as ==, <, in, contains, matches or exists");
        }

        var c = text[begin];
        if (OperatorSymbols.Contains(c, StringComparison.Ordinal))
        {
            Advance(ch => OperatorSymbols.Contains(ch, StringComparison.Ordinal));
            if (text[(Position - 1)] == '!' && Position < text.Length && char.IsLetter(text[Position]))
            {
                Advance(IsWordChar);
            }
        }
        else if (char.IsLetter(c))
        {
            Advance(IsWordChar);
        }
        else
        {
            throw new AssertionSyntaxException(begin, $"expected an operator after '{subject}', such as ==, <, in, contains, matches or exists");
        }

        var spelling = text[begin..Position];
        if (Operators.TryParse(spelling, out var op))
        {
            return (op, spelling, begin);
        }

        var hint = Operators.Suggest(spelling) is { } suggestion
            ? $"did you mean '{suggestion}'?"
            : "use ==, !=, <, <=, >, >=, in, !in, contains, !contains, matches, !matches, exists, !exists";
        throw new AssertionSyntaxException(begin, $"unknown operator '{spelling}' ({hint})");
    }

    public AssertionToken NextValueToken()
    {
        SkipSpaces();
        var begin = Position;
        if (begin >= text.Length)
        {
            return new AssertionToken(TokenKind.End, "", begin);
        }

        var c = text[begin];
        switch (c)
        {
            case '[':
                Position++;
                return new AssertionToken(TokenKind.OpenBracket, "[", begin);
            case ']':
                Position++;
                return new AssertionToken(TokenKind.CloseBracket, "]", begin);
            case ',':
                Position++;
                return new AssertionToken(TokenKind.Comma, ",", begin);
        }

        if (QuotedString.IsQuote(c))
        {
            Position = QuotedString.Read(text, begin, out var value);
            return new AssertionToken(TokenKind.String, text[begin..Position], begin, new StringValue(value));
        }

        if (char.IsAsciiDigit(c) || (c is '-' or '+' or '.' && begin + 1 < text.Length && char.IsAsciiDigit(text[begin + 1])))
        {
            return ReadNumber();
        }

        if (char.IsLetter(c) || c == '_')
        {
            Advance(IsWordChar);
            var word = text[begin..Position];
            AssertionValue? keyword = word switch
            {
                "true" => new BoolValue(true),
                "false" => new BoolValue(false),
                "null" => NullValue.Instance,
                _ => null,
            };
            return new AssertionToken(keyword is null ? TokenKind.Word : TokenKind.Keyword, word, begin, keyword);
        }

        throw new AssertionSyntaxException(begin, $"unexpected '{c}'");
    }

    private AssertionToken ReadNumber()
    {
        var begin = Position;
        if (text[Position] is '-' or '+')
        {
            Position++;
        }

        Advance(char.IsAsciiDigit);
        if (Position + 1 < text.Length && text[Position] == '.' && char.IsAsciiDigit(text[Position + 1]))
        {
            Position++;
            Advance(char.IsAsciiDigit);
        }

        if (Position < text.Length && text[Position] is 'e' or 'E' && HasExponentDigits(Position + 1))
        {
            Position++;
            if (text[Position] is '-' or '+')
            {
                Position++;
            }

            Advance(char.IsAsciiDigit);
        }

        var number = double.Parse(text.AsSpan(begin, Position - begin), NumberStyles.Float, CultureInfo.InvariantCulture);
        var unitStart = Position;
        Advance(ch => char.IsLetter(ch) || ch == '%');
        var unit = text[unitStart..Position];
        if (unit == BaselineValue.FactorSuffix)
        {
            return new AssertionToken(TokenKind.Factor, text[begin..Position], begin, new NumberValue(number, NumberUnit.None, text[begin..unitStart]));
        }

        if (!ValueUnits.TryGet(unit, out var kind, out var factor))
        {
            throw new AssertionSyntaxException(unitStart, $"unknown unit '{unit}' ({ValueUnits.Suggest(unit)})");
        }

        if (double.IsInfinity(number))
        {
            throw new AssertionSyntaxException(begin, "number is too large");
        }

        var written = text[begin..Position];
        return new AssertionToken(TokenKind.Number, written, begin, new NumberValue(number * factor, kind, written));
    }

    /// <summary>The character at the current position without consuming it; <c>\0</c> at the end.</summary>
    public char Peek() => Position < text.Length ? text[Position] : '\0';

    /// <summary>Reads a <c>+</c> or <c>-</c> standing before an offset (<c>baseline + 1%</c>); null when there is none.</summary>
    public char? TryReadSign()
    {
        SkipSpaces();
        if (Position < text.Length && text[Position] is '+' or '-')
        {
            return text[Position++];
        }

        return null;
    }

    /// <summary>The text between two offsets, as written.</summary>
    public string Slice(int begin, int end) => text[begin..end];

    private bool HasExponentDigits(int i)
    {
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        return i < text.Length && char.IsAsciiDigit(text[i]);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private void Advance(Func<char, bool> accept)
    {
        while (Position < text.Length && accept(text[Position]))
        {
            Position++;
        }
    }
}

/// <summary>A path as read from the text, <c>len(...)</c> or not, with where the path itself starts.</summary>
internal readonly record struct Operand(string Path, bool Length, int Offset)
{
    public string Display => Length ? $"len({Path})" : Path;
}
