using System.Globalization;
using System.Text;

namespace Serverless.Diag.Probes.Metrics.Expressions;

/// <summary>
/// Parses a named value: <c>sum|count|min|max|avg(v)</c>, <c>rate(s)</c>, <c>increase(s)</c>,
/// <c>ratio(a, b)</c>, <c>histogram_quantile(q, v)</c> and selectors <c>name{label op "value", ...}</c>
/// with <c>=</c>, <c>!=</c>, <c>=~</c>, <c>!~</c>. The pseudo-label <c>$status</c> stands for the
/// check's <c>status_label</c>, so one config reads <c>code</c> and <c>status</c> conventions alike.
/// </summary>
public sealed class MetricExpressionParser
{
    private readonly string _text;
    private readonly string _statusLabel;
    private int _position;

    private MetricExpressionParser(string text, string statusLabel)
    {
        _text = text;
        _statusLabel = statusLabel;
    }

    /// <exception cref="MetricExpressionException">The text is not a valid expression.</exception>
    public static MetricExpression Parse(string text, string statusLabel = "code")
    {
        var parser = new MetricExpressionParser(text, statusLabel);
        var expression = parser.ParseExpression();
        parser.SkipSpaces();
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{parser.Rest()}'");
        }

        return expression;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek => AtEnd ? '\0' : _text[_position];

    private MetricExpression ParseExpression()
    {
        SkipSpaces();
        var start = _position;
        if (Peek == '{')
        {
            return ParseSelector(null, start);
        }

        var name = ReadIdentifier(allowColon: true) ?? throw Error(AtEnd ? "expected an expression" : $"unexpected '{Peek}'");
        SkipSpaces();
        if (Peek != '(')
        {
            return ParseSelector(name, start);
        }

        _position++;
        MetricExpression result = name switch
        {
            "sum" => new AggregateExpression(AggregateFunction.Sum, ParseVector()),
            "count" => new AggregateExpression(AggregateFunction.Count, ParseVector()),
            "min" => new AggregateExpression(AggregateFunction.Min, ParseVector()),
            "max" => new AggregateExpression(AggregateFunction.Max, ParseVector()),
            "avg" => new AggregateExpression(AggregateFunction.Avg, ParseVector()),
            "rate" => new RangeExpression(RangeFunction.Rate, ParseSelectorArgument()),
            "increase" => new RangeExpression(RangeFunction.Increase, ParseSelectorArgument()),
            "ratio" => ParseRatio(),
            "histogram_quantile" => ParseQuantile(),
            _ => throw Error($"unknown function '{name}' (sum, count, min, max, avg, rate, increase, ratio, histogram_quantile)", start),
        };
        SkipSpaces();
        Expect(')');
        return result;
    }

    private VectorExpression ParseVector()
    {
        SkipSpaces();
        var start = _position;
        return ParseExpression() as VectorExpression
            ?? throw Error("expected a selector, rate(...) or increase(...) here", start);
    }

    private VectorSelector ParseSelectorArgument()
    {
        SkipSpaces();
        var start = _position;
        return ParseExpression() as VectorSelector ?? throw Error("expected a selector such as http_requests_total{code=~\"5..\"}", start);
    }

    private RatioExpression ParseRatio()
    {
        var numerator = ParseExpression();
        SkipSpaces();
        Expect(',');
        return new RatioExpression(numerator, ParseExpression());
    }

    private QuantileExpression ParseQuantile()
    {
        SkipSpaces();
        var start = _position;
        var text = ReadWhile(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '-' or '+');
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) || q is < 0 or > 1)
        {
            throw Error("histogram_quantile needs a quantile between 0 and 1 first, e.g. histogram_quantile(0.99, ...)", start);
        }

        SkipSpaces();
        Expect(',');
        return new QuantileExpression(q, ParseVector());
    }

    private VectorSelector ParseSelector(string? name, int start)
    {
        var matchers = new List<LabelMatcher>();
        SkipSpaces();
        if (Peek == '{')
        {
            _position++;
            while (true)
            {
                SkipSpaces();
                if (Peek == '}')
                {
                    _position++;
                    break;
                }

                matchers.Add(ParseMatcher());
                SkipSpaces();
                if (Peek == ',')
                {
                    _position++;
                }
                else if (Peek != '}')
                {
                    throw Error(AtEnd ? "the selector is not closed with '}'" : "expected ',' or '}'");
                }
            }
        }

        SkipSpaces();
        if (Peek == '[')
        {
            throw Error("no range here: rate() and increase() use the check's 'window' (the time between its two scrapes)");
        }

        if (name is null && !matchers.Any(m => m.Label == "__name__"))
        {
            throw Error("a selector needs a metric name", start);
        }

        return new VectorSelector(name, matchers);
    }

    private LabelMatcher ParseMatcher()
    {
        var start = _position;
        string label;
        if (Peek == '$')
        {
            _position++;
            var pseudo = ReadIdentifier(allowColon: false);
            if (pseudo != "status")
            {
                throw Error("the only pseudo-label is $status (the check's status_label)", start);
            }

            label = _statusLabel;
        }
        else
        {
            label = ReadIdentifier(allowColon: false) ?? throw Error("expected a label name");
        }

        SkipSpaces();
        var opStart = _position;
        var op = ReadWhile(c => c is '=' or '!' or '~') switch
        {
            "=" => MatchOperator.Equal,
            "!=" => MatchOperator.NotEqual,
            "=~" => MatchOperator.Matches,
            "!~" => MatchOperator.NotMatches,
            _ => throw Error("expected =, !=, =~ or !~ after the label name", opStart),
        };
        SkipSpaces();
        var valueStart = _position;
        var value = ReadString();
        try
        {
            return new LabelMatcher(label, op, value);
        }
        catch (ArgumentException e)
        {
            throw Error($"invalid regex: {e.Message}", valueStart);
        }
    }

    private string ReadString()
    {
        var quote = Peek;
        if (quote is not ('"' or '\'' or '`'))
        {
            throw Error("expected a quoted label value");
        }

        var start = _position++;
        var value = new StringBuilder();
        while (!AtEnd)
        {
            var c = _text[_position++];
            if (c == quote)
            {
                return value.ToString();
            }

            if (c == '\\' && quote != '`' && !AtEnd)
            {
                var escaped = _text[_position++];
                value.Append(escaped switch
                {
                    'n' => '\n',
                    't' => '\t',
                    '\\' or '"' or '\'' => escaped,
                    // As in PromQL (Go string escapes): a regex class is written "5\\d\\d".
                    _ => throw Error($"invalid escape '\\{escaped}' (write \\\\ for a backslash)", _position - 2),
                });
                continue;
            }

            value.Append(c);
        }

        throw Error("unterminated string", start);
    }

    private string? ReadIdentifier(bool allowColon)
    {
        if (AtEnd || !(char.IsAsciiLetter(Peek) || Peek == '_' || (allowColon && Peek == ':')))
        {
            return null;
        }

        return ReadWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':'));
    }

    private string ReadWhile(Func<char, bool> accept)
    {
        var start = _position;
        while (!AtEnd && accept(_text[_position]))
        {
            _position++;
        }

        return _text[start.._position];
    }

    private void SkipSpaces()
    {
        while (!AtEnd && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private void Expect(char c)
    {
        SkipSpaces();
        if (Peek != c)
        {
            throw Error(AtEnd ? $"expected '{c}' but the expression ended" : $"expected '{c}'");
        }

        _position++;
    }

    private string Rest() => _text[_position..];

    private MetricExpressionException Error(string message, int? at = null)
    {
        var position = at ?? _position;
        return new MetricExpressionException(position, message);
    }
}
