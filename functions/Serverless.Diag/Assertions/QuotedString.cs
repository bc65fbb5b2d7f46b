using System.Buffers;
using System.Text;

namespace Serverless.Diag.Assertions;

/// <summary>Reads and writes "..." / '...' literals with the escapes \" \' \\ \n \r \t.</summary>
internal static class QuotedString
{
    private static readonly SearchValues<char> NeedEscaping = SearchValues.Create("\"\\\n\r\t");

    public static bool IsQuote(char c) => c is '"' or '\'';

    /// <summary>Reads the literal whose opening quote is at <paramref name="start"/>; returns the index after the closing quote.</summary>
    public static int Read(string text, int start, out string value)
    {
        var quote = text[start];
        var builder = new StringBuilder();
        var i = start + 1;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
            {
                value = builder.ToString();
                return i + 1;
            }

            if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    break;
                }

                builder.Append(text[i + 1] switch
                {
                    '"' => '"',
                    '\'' => '\'',
                    '\\' => '\\',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    var other => throw new AssertionSyntaxException(i, $"unknown escape '\\{other}' in string (use \\\" \\' \\\\ \\n \\r \\t)"),
                });
                i += 2;
                continue;
            }

            builder.Append(c);
            i++;
        }

        throw new AssertionSyntaxException(start, "unterminated string");
    }

    /// <summary>Double-quoted, escaped so that <see cref="Read"/> gives the value back.</summary>
    public static string Quote(string value)
    {
        if (value.AsSpan().IndexOfAny(NeedEscaping) < 0)
        {
            return string.Concat("\"", value, "\"");
        }

        var builder = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }

        return builder.Append('"').ToString();
    }
}
