using System.Buffers;
using System.Text;

namespace Serverless.Diag.Secrets;

/// <summary>
/// Every secret value known to a run; everything that leaves the engine (reports, logs, issues,
/// annotations) passes through <see cref="Redact"/>. Secrets are added as they are discovered:
/// <c>${env:...}</c> values at planning, passwords inside URLs and connection strings, Authorization headers.
/// </summary>
/// <remarks>
/// Each secret is masked in the forms a target is likely to echo it (<see cref="SecretForms"/>). A text that was cut
/// short before it reached the redactor can end in the first characters of a secret, which no whole-value match
/// finds: those are masked where the text says it was cut (an ellipsis), or wherever the caller says it was
/// (<see cref="RedactTruncated"/>). Cut after redacting, never before: <see cref="Excerpt"/> does both in that order.
/// </remarks>
public sealed class SecretRedactor
{
    public const string Mask = "***";

    /// <summary>How a cut is marked in the engine's own text.</summary>
    public const string CutMarker = "…";

    // Shorter values would mask ordinary words and digits all over a report.
    private const int MinimumLength = 3;

    // Three dots often end ordinary text ("loading..."): only a longer fragment before them counts as a cut secret.
    private const string AsciiCutMarker = "...";
    private const int AsciiCutFragment = 3;

    // Adding is O(1): a plan may add tens of thousands of values before anything is redacted, so the snapshot of the
    // values and the search over their forms are built once, on the first read after a change.
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private readonly List<string> _added = [];
    private readonly Lock _building = new();
    private volatile string[]? _values = [];
    private volatile Forms? _forms = Forms.None;

    public IReadOnlyCollection<string> Values => _values ?? Snapshot();

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumLength || secret == Mask)
        {
            return;
        }

        lock (_building)
        {
            if (!_secrets.Add(secret))
            {
                return;
            }

            _added.Add(secret);
            _values = null;
            _forms = null;
        }

        foreach (var part in CredentialParts.Extract(secret))
        {
            Add(part);
        }
    }

    public void AddRange(IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    public string Redact(string text) => Redact(text, cutAtEnd: false);

    public string? RedactNullable(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// A text that was cut at its end before it got here (a body read up to a limit, a server's truncated query text):
    /// besides whole secrets, a trailing start of a secret is masked.
    /// </summary>
    public string RedactTruncated(string text) => Redact(text, cutAtEnd: true);

    /// <summary>
    /// At most <paramref name="maxChars"/> characters of <paramref name="text"/> for a report, redacted before it is cut
    /// so no cut can leave the first characters of a secret. <paramref name="sourceCut"/>: the text itself is only the
    /// start of something longer.
    /// </summary>
    public string Excerpt(string text, int maxChars, bool sourceCut = false)
    {
        var redacted = Redact(text, sourceCut);
        if (redacted.Length <= maxChars)
        {
            return sourceCut ? redacted + CutMarker : redacted;
        }

        var cut = Math.Max(0, maxChars);
        if (cut > 0 && char.IsHighSurrogate(redacted[cut - 1]))
        {
            cut--;
        }

        return string.Concat(redacted.AsSpan(0, cut), CutMarker);
    }

    private string Redact(string text, bool cutAtEnd)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var forms = _forms ?? Build();
        if (forms.All.Length == 0)
        {
            return text;
        }

        var span = text.AsSpan();
        var hit = span.IndexOfAny(forms.Search);
        var unicodeCut = span.IndexOf(CutMarker, StringComparison.Ordinal);
        var asciiCut = span.IndexOf(AsciiCutMarker, StringComparison.Ordinal);
        if (hit < 0 && unicodeCut < 0 && asciiCut < 0 && !cutAtEnd)
        {
            return text; // the common case: nothing to mask, nothing allocated
        }

        var covered = new bool[text.Length];
        var any = false;
        for (; hit >= 0; hit = NextHit(span, hit + 1, forms.Search))
        {
            foreach (var form in forms.All)
            {
                if (span[hit..].StartsWith(form, StringComparison.Ordinal))
                {
                    covered.AsSpan(hit, form.Length).Fill(true);
                    any = true;
                }
            }
        }

        for (var at = unicodeCut; at >= 0; at = Next(span, at + 1, CutMarker))
        {
            any |= CoverFragmentBefore(span, at, forms.All, minimum: 1, covered);
        }

        for (var at = asciiCut; at >= 0; at = Next(span, at + 1, AsciiCutMarker))
        {
            any |= CoverFragmentBefore(span, at, forms.All, AsciiCutFragment, covered);
        }

        if (cutAtEnd)
        {
            any |= CoverFragmentBefore(span, span.Length, forms.All, minimum: 1, covered);
        }

        return any ? Apply(text, covered) : text;
    }

    private static int NextHit(ReadOnlySpan<char> text, int from, SearchValues<string> search)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        var next = text[from..].IndexOfAny(search);
        return next < 0 ? -1 : from + next;
    }

    private static int Next(ReadOnlySpan<char> text, int from, string marker)
    {
        var next = from >= text.Length ? -1 : text[from..].IndexOf(marker, StringComparison.Ordinal);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>
    /// Masks the longest end of <c>text[..cut]</c> that is the start of a secret form. Looks past a closing quote or a
    /// line break the cut was written after (<c>"abc"…</c>, <c>abc\n… (truncated)</c>).
    /// </summary>
    private static bool CoverFragmentBefore(ReadOnlySpan<char> text, int cut, string[] forms, int minimum, bool[] covered)
    {
        var end = cut;
        for (var skipped = 0; skipped < 2 && end > 0 && text[end - 1] is '"' or '\'' or '\n' or '\r' or ' '; skipped++)
        {
            end--;
        }

        var longest = 0;
        foreach (var form in forms)
        {
            // Candidates start where the form's first character is, longest first.
            var from = end - Math.Min(form.Length - 1, end);
            while (end - from > longest && end - from >= minimum)
            {
                var at = text[from..end].IndexOf(form[0]);
                if (at < 0)
                {
                    break;
                }

                from += at;
                var length = end - from;
                if (length > longest && length >= minimum && text.Slice(from, length).SequenceEqual(form.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }

                from++;
            }
        }

        if (longest == 0)
        {
            return false;
        }

        covered.AsSpan(end - longest, longest).Fill(true);
        return true;
    }

    /// <summary>Each run of covered characters becomes one mask, so overlapping secrets leave nothing between them.</summary>
    private static string Apply(string text, bool[] covered)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (!covered[i])
            {
                var start = i;
                while (i < text.Length && !covered[i])
                {
                    i++;
                }

                builder.Append(text, start, i - start);
                continue;
            }

            while (i < text.Length && covered[i])
            {
                i++;
            }

            builder.Append(Mask);
        }

        return builder.ToString();
    }

    private Forms Build()
    {
        lock (_building)
        {
            if (_forms is { } built)
            {
                return built;
            }

            var all = (_values ??= [.. _added]).SelectMany(SecretForms.Of)
                .Where(f => f.Length >= MinimumLength && f != Mask)
                .Distinct(StringComparer.Ordinal)
                .OrderByDescending(f => f.Length)
                .ToArray();
            var forms = new Forms(all, SearchValues.Create(all, StringComparison.Ordinal));
            _forms = forms;
            return forms;
        }
    }

    private string[] Snapshot()
    {
        lock (_building)
        {
            return _values ??= [.. _added];
        }
    }

    private sealed record Forms(string[] All, SearchValues<string> Search)
    {
        public static Forms None { get; } = new([], SearchValues.Create([], StringComparison.Ordinal));
    }
}
