using System.Text;

namespace Serverless.Diag.Probes.Metrics.Exposition;

/// <summary>Reads one exposition line left to right; every failure is an <see cref="ExpositionFormatException"/>.</summary>
internal struct LineCursor(string line, int number)
{
    private int _position;

    public readonly bool AtEnd => _position >= line.Length;

    /// <summary>The next character, or '\0' at the end of the line.</summary>
    public readonly char Peek => AtEnd ? '\0' : line[_position];

    public void Advance() => _position++;

    public void Expect(char c)
    {
        if (Peek != c)
        {
            throw Error(AtEnd ? $"expected '{c}' but the line ended" : $"expected '{c}' at column {_position + 1}");
        }

        _position++;
    }

    /// <summary>Skips spaces and tabs; true when there was at least one.</summary>
    public bool SkipBlanks()
    {
        var start = _position;
        while (!AtEnd && ExpositionParser.IsBlank(line[_position]))
        {
            _position++;
        }

        return _position > start;
    }

    public string ReadWhile(Func<char, bool> accept)
    {
        var start = _position;
        while (!AtEnd && accept(line[_position]))
        {
            _position++;
        }

        return line[start.._position];
    }

    /// <summary>The rest of the line after the single separator already skipped (HELP text keeps inner spaces).</summary>
    public string RestAfterOneBlank()
    {
        var rest = line[_position..];
        _position = line.Length;
        return rest;
    }

    public string ReadMetricName()
    {
        if (AtEnd || !IsNameStart(line[_position], colon: true))
        {
            throw Error(AtEnd ? "missing metric name" : $"invalid metric name at column {_position + 1}");
        }

        return ReadWhile(c => IsNameStart(c, colon: true) || char.IsAsciiDigit(c));
    }

    public string ReadLabelName()
    {
        if (AtEnd || !IsNameStart(line[_position], colon: false))
        {
            throw Error(AtEnd ? "the label set is not closed" : $"invalid label name at column {_position + 1}");
        }

        return ReadWhile(c => IsNameStart(c, colon: false) || char.IsAsciiDigit(c));
    }

    /// <summary>A double-quoted label value with the escapes <c>\\</c>, <c>\"</c> and <c>\n</c>.</summary>
    public string ReadQuotedLabelValue()
    {
        Expect('"');
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("unterminated label value");
            }

            var c = line[_position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (AtEnd)
            {
                throw Error("unterminated label value");
            }

            var escaped = line[_position++];
            value.Append(escaped switch
            {
                '\\' => "\\",
                '"' => "\"",
                'n' => "\n",
                _ => throw Error($"invalid escape '\\{escaped}' in a label value (only \\\\, \\\" and \\n)"),
            });
        }
    }

    public readonly ExpositionFormatException Error(string message) => new(number, message, line);

    private static bool IsNameStart(char c, bool colon) => char.IsAsciiLetter(c) || c == '_' || (colon && c == ':');
}
