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

        if (!factory.Vocabulary.Knows(assertion.Path))
        {
            var offset = assertion.PathOffset;
            var root = assertion.Path.Split('.', '[')[0];
            diagnostics.Add(
                line.Text.TextStart.Offset(offset),
                $"'{assertion.Path}' is not measured by {factory.Type} checks{Suggestions.DidYouMean(root, factory.Vocabulary.Names)} (measures: {string.Join(", ", factory.Vocabulary.Names)})");
            return null;
        }

        return assertion;
    }
}
