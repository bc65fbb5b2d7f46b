using System.Text.RegularExpressions;
using Serverless.Diag.Probes.Metrics.Exposition;

namespace Serverless.Diag.Probes.Metrics.Expressions;

public enum MatchOperator
{
    Equal,
    NotEqual,
    Matches,
    NotMatches,
}

/// <summary>One <c>label op "value"</c> of a selector. Regexes are anchored at both ends, as in PromQL.</summary>
public sealed class LabelMatcher
{
    private static readonly TimeSpan RegexBudget = TimeSpan.FromSeconds(1);
    private readonly Regex? _regex;

    /// <exception cref="ArgumentException">The regex is invalid.</exception>
    public LabelMatcher(string label, MatchOperator op, string value)
    {
        Label = label;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Matches or MatchOperator.NotMatches)
        {
            _regex = new Regex($"^(?:{value})$", RegexOptions.CultureInvariant, RegexBudget);
        }
    }

    public string Label { get; }

    public MatchOperator Operator { get; }

    public string Value { get; }

    public bool Matches(string metricName, LabelSet labels)
    {
        // A missing label reads as "", so {code!="500"} keeps series without a code label, as in PromQL.
        var actual = Label == "__name__" ? metricName : labels[Label];
        return Operator switch
        {
            MatchOperator.Equal => actual == Value,
            MatchOperator.NotEqual => actual != Value,
            MatchOperator.Matches => _regex!.IsMatch(actual),
            _ => !_regex!.IsMatch(actual),
        };
    }

    public override string ToString()
    {
        var op = Operator switch
        {
            MatchOperator.Equal => "=",
            MatchOperator.NotEqual => "!=",
            MatchOperator.Matches => "=~",
            _ => "!~",
        };
        return $"{Label}{op}\"{Value}\"";
    }
}
