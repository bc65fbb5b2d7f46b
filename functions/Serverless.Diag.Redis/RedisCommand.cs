using System.Text;

namespace Serverless.Diag.Redis;

/// <summary>
/// The check's optional command, e.g. <c>LLEN jobs</c>: only read-only commands that answer one scalar, so a
/// health check can never change the data it watches.
/// </summary>
internal sealed record RedisCommand(string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>Command name -> (minimum, maximum) argument count.</summary>
    private static readonly Dictionary<string, (int Min, int Max)> Allowed = new(StringComparer.Ordinal)
    {
        ["LLEN"] = (1, 1),
        ["XLEN"] = (1, 1),
        ["SCARD"] = (1, 1),
        ["ZCARD"] = (1, 1),
        ["HLEN"] = (1, 1),
        ["GET"] = (1, 1),
        ["EXISTS"] = (1, int.MaxValue),
        ["TTL"] = (1, 1),
        ["DBSIZE"] = (0, 0),
    };

    public static string AllowedNames => string.Join(", ", Allowed.Keys);

    public override string ToString() => string.Join(' ', Arguments.Prepend(Name));

    public static RedisCommand? TryParse(string text, out string? error)
    {
        error = null;
        var words = Split(text, out var unbalanced);
        if (unbalanced)
        {
            error = "'command' has an unclosed quote";
            return null;
        }

        if (words.Count == 0)
        {
            error = "'command' is empty";
            return null;
        }

        var name = words[0].ToUpperInvariant();
        if (!Allowed.TryGetValue(name, out var arity))
        {
            error = $"'command' may only be a read-only command ({AllowedNames}), not '{words[0]}'";
            return null;
        }

        var count = words.Count - 1;
        if (count < arity.Min || count > arity.Max)
        {
            var expected = arity.Max == 0 ? "no argument" : arity.Min == arity.Max ? "one key" : "at least one key";
            error = $"'{name}' takes {expected}, not {count} argument{(count == 1 ? "" : "s")}";
            return null;
        }

        return new RedisCommand(name, words.Skip(1).ToList());
    }

    /// <summary>Splits on spaces; double or single quotes keep a key with spaces together.</summary>
    private static List<string> Split(string text, out bool unbalanced)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in text)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        unbalanced = quote is not null;
        return words;
    }
}
