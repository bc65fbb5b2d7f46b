using System.Text;

namespace Serverless.Diag.Tests.Configuration.Hostile;

/// <summary>Seeded mutations of a config text: bit flips, control bytes, cut and repeated ranges, YAML punctuation, huge numbers.</summary>
internal sealed class ConfigMutator(int seed)
{
    private static readonly string[] Fragments =
    [
        ":", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a", "!", "!!str ", "|", ">", "'", "\"", "#", "%", "@", "`", "\t", "\0", "\r", "\u0085",
        "\uFEFF", "\uD800", "${", "${env:", "$${", "}", "${v}", "?", ",", "\n", "\n  ", "\n- ", "---\n", "...\n", "1e309", "-1", "99999999999999999999d",
        "NaN", "0x", "~", "null", "true", "1e-320s", "\\", "\\u", "&anchor [*anchor]",
    ];

    private readonly Random _random = new(seed);

    public string Mutate(string text)
    {
        var rounds = 1 + _random.Next(4);
        for (var i = 0; i < rounds && text.Length > 0; i++)
        {
            text = _random.Next(9) switch
            {
                0 => FlipBit(text),
                1 => Insert(text, ((char)_random.Next(0, 0x20)).ToString()),
                2 => Insert(text, Fragments[_random.Next(Fragments.Length)]),
                3 => Delete(text),
                4 => Duplicate(text),
                5 => text[.._random.Next(text.Length)],
                6 => SwapLines(text),
                7 => Reindent(text),
                _ => ReplaceNumber(text),
            };
        }

        return text;
    }

    private int Position(string text) => _random.Next(text.Length + 1);

    private string FlipBit(string text)
    {
        // On the UTF-8 bytes, as a disk or a transfer would damage them; invalid sequences decode to U+FFFD.
        var bytes = Encoding.UTF8.GetBytes(text);
        var at = _random.Next(bytes.Length);
        bytes[at] ^= (byte)(1 << _random.Next(8));
        return Encoding.UTF8.GetString(bytes);
    }

    private string Insert(string text, string fragment) => text.Insert(Position(text), fragment);

    private string Delete(string text)
    {
        var at = _random.Next(text.Length);
        return text.Remove(at, Math.Min(text.Length - at, 1 + _random.Next(40)));
    }

    private string Duplicate(string text)
    {
        var at = _random.Next(text.Length);
        var length = Math.Min(text.Length - at, 1 + _random.Next(200));
        return text.Insert(Position(text), text.Substring(at, length));
    }

    private string SwapLines(string text)
    {
        var lines = text.Split('\n');
        var (a, b) = (_random.Next(lines.Length), _random.Next(lines.Length));
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join('\n', lines);
    }

    private string Reindent(string text)
    {
        var lines = text.Split('\n');
        var at = _random.Next(lines.Length);
        lines[at] = _random.Next(2) == 0 ? "  " + lines[at] : lines[at].TrimStart();
        return string.Join('\n', lines);
    }

    private string ReplaceNumber(string text)
    {
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
        if (digits.Count == 0)
        {
            return text;
        }

        string[] huge = ["99999999999999999999", "1e308", "-1", "0", "1e-400", "340282366920938463463374607431768211456", "NaN", "Infinity"];
        return text.Insert(digits[_random.Next(digits.Count)], huge[_random.Next(huge.Length)]);
    }
}
