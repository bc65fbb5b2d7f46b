using Serverless.Diag.Assertions;
using Serverless.Diag.Probes;

namespace Serverless.Diag.Configuration;

/// <summary>Parses an expect line and checks its path against what the check type measures, reporting at the right column.</summary>
internal static class ExpectParsing
{
    public static Assertion? Parse(ExpectLine line, IProbeFactory factory, ConfigDiagnostics diagnostics)
    {
        var text = line.Text.Value;
        var level = line.IsWarning ? AssertionLevel.Warn : AssertionLevel.Fail;
        if (!AssertionParser.TryParse(text, level, out var assertion, out var error))
        {
            diagnostics.Add(line.Text.TextStart.Offset(error.Offset), $"invalid assertion: {error.Message}");
            return null;
        }

        var known = true;
        foreach (var (path, offset) in assertion.Operands)
        {
            if (factory.Vocabulary.Knows(path))
            {
                continue;
            }

            var root = path.Split('.', '[')[0];
            var quote = IsRightSide(assertion, offset) && !path.Contains('.', StringComparison.Ordinal) && !path.Contains('[', StringComparison.Ordinal)
                ? $"; to compare with text, quote it: \"{path}\""
                : "";
            diagnostics.Add(
                line.Text.TextStart.Offset(offset),
                $"'{path}' is not measured by {factory.Type} checks{Suggestions.DidYouMean(root, factory.Vocabulary.Names)} (measures: {string.Join(", ", factory.Vocabulary.Names)}){quote}");
            known = false;
        }

        return known ? assertion : null;
    }

    private static bool IsRightSide(Assertion assertion, int offset) =>
        assertion.Comparisons.Any(c => c.Expected is PathValue right && right.Offset == offset);
}
