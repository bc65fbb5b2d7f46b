using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Serverless.Diag.Assertions;

/// <summary>
/// Regular expressions for <c>matches</c>: the backtracking engine with a match timeout, so a hostile
/// pattern against a large body costs at most <see cref="Timeout"/> instead of hanging a run.
/// </summary>
public static class AssertionRegex
{
    // Patterns come from the config, so the set is small and fixed for a process; Regex's own cache holds only 15.
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Null when the pattern compiles, else the reason it does not.</summary>
    public static string? Validate(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, Timeout);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>True or false, or null when the match timed out.</summary>
    public static bool? IsMatch(string input, string pattern)
    {
        try
        {
            return Compiled.GetOrAdd(pattern, p => new Regex(p, RegexOptions.None, Timeout)).IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
