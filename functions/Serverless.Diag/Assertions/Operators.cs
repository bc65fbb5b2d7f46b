namespace Serverless.Diag.Assertions;

/// <summary>How each operator is spelt, and the nearest spelling for a mistyped one.</summary>
public static class Operators
{
    private static readonly Dictionary<string, AssertionOperator> BySpelling = new(StringComparer.Ordinal)
    {
        ["=="] = AssertionOperator.Equal,
        ["!="] = AssertionOperator.NotEqual,
        ["<"] = AssertionOperator.Less,
        ["<="] = AssertionOperator.LessOrEqual,
        [">"] = AssertionOperator.Greater,
        [">="] = AssertionOperator.GreaterOrEqual,
        ["in"] = AssertionOperator.In,
        ["!in"] = AssertionOperator.NotIn,
        ["contains"] = AssertionOperator.Contains,
        ["!contains"] = AssertionOperator.NotContains,
        ["matches"] = AssertionOperator.Matches,
        ["!matches"] = AssertionOperator.NotMatches,
        ["exists"] = AssertionOperator.Exists,
        ["!exists"] = AssertionOperator.NotExists,
    };

    // Spellings people bring from other languages; a suggestion beats a bare "unknown operator".
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["="] = "==",
        ["==="] = "==",
        ["eq"] = "==",
        ["is"] = "==",
        ["equals"] = "==",
        ["!=="] = "!=",
        ["<>"] = "!=",
        ["ne"] = "!=",
        ["=<"] = "<=",
        ["=>"] = ">=",
        ["lt"] = "<",
        ["le"] = "<=",
        ["gt"] = ">",
        ["ge"] = ">=",
        ["!<"] = ">=",
        ["!>"] = "<=",
        ["not_in"] = "!in",
        ["notin"] = "!in",
        ["not_contains"] = "!contains",
        ["=~"] = "matches",
        ["~="] = "matches",
        ["~"] = "matches",
        ["!~"] = "!matches",
        ["not_matches"] = "!matches",
        ["like"] = "matches",
        ["regex"] = "matches",
        ["has"] = "contains",
        ["!has"] = "!contains",
        ["exist"] = "exists",
        ["!exist"] = "!exists",
        ["missing"] = "!exists",
    };

    public static bool TryParse(string spelling, out AssertionOperator op) => BySpelling.TryGetValue(spelling, out op);

    public static string Spelling(AssertionOperator op) => op switch
    {
        AssertionOperator.Equal => "==",
        AssertionOperator.NotEqual => "!=",
        AssertionOperator.Less => "<",
        AssertionOperator.LessOrEqual => "<=",
        AssertionOperator.Greater => ">",
        AssertionOperator.GreaterOrEqual => ">=",
        AssertionOperator.In => "in",
        AssertionOperator.NotIn => "!in",
        AssertionOperator.Contains => "contains",
        AssertionOperator.NotContains => "!contains",
        AssertionOperator.Matches => "matches",
        AssertionOperator.NotMatches => "!matches",
        AssertionOperator.Exists => "exists",
        AssertionOperator.NotExists => "!exists",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public static bool TakesValue(AssertionOperator op) => op is not (AssertionOperator.Exists or AssertionOperator.NotExists);

    /// <summary>The operators that make sense for a number such as a length.</summary>
    public static bool TakesNumber(AssertionOperator op) =>
        IsOrdering(op) || op is AssertionOperator.Equal or AssertionOperator.NotEqual or AssertionOperator.In or AssertionOperator.NotIn;

    public static bool IsOrdering(AssertionOperator op) =>
        op is AssertionOperator.Less or AssertionOperator.LessOrEqual or AssertionOperator.Greater or AssertionOperator.GreaterOrEqual;

    /// <summary>The operator the writer probably meant, or null when nothing is close.</summary>
    internal static string? Suggest(string spelling)
    {
        if (Aliases.TryGetValue(spelling, out var alias))
        {
            return alias;
        }

        var lower = spelling.ToLowerInvariant();
        if (BySpelling.ContainsKey(lower))
        {
            return lower;
        }

        return BySpelling.Keys
            .Where(k => k.Length >= 3)
            .Select(k => (Spelling: k, Distance: EditDistance(lower, k)))
            .Where(c => c.Distance <= 2 && c.Distance < c.Spelling.Length / 2)
            .OrderBy(c => c.Distance)
            .Select(c => c.Spelling)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
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
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
