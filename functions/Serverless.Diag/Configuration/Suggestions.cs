namespace Serverless.Diag.Configuration;

/// <summary>"did you mean" for misspelt keys, types and paths.</summary>
public static class Suggestions
{
    // Beyond this many candidates (or this long a word) a suggestion is not worth its cost: the distance
    // is quadratic in the word's length, and a hostile config can ask for one per line.
    private const int MaxCandidates = 2000;
    private const int MaxWordLength = 64;

    public static string DidYouMean(string word, IEnumerable<string> candidates)
    {
        if (word.Length > MaxWordLength)
        {
            return string.Empty;
        }

        var allowed = Math.Max(2, word.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        var seen = 0;
        foreach (var candidate in candidates)
        {
            if (++seen > MaxCandidates)
            {
                break;
            }

            // The distance is at least the difference in length: most candidates are ruled out without computing it.
            if (Math.Abs(candidate.Length - word.Length) > allowed || candidate.Length > MaxWordLength)
            {
                continue;
            }

            var distance = Distance(word, candidate);
            if (distance <= allowed && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
