using Serverless.Diag.Configuration;

namespace Serverless.Diag.Running;

/// <summary>
/// Where a check's settings depend on an unset environment variable (<see cref="ConfigScalar.Unresolved"/>):
/// the value, the keys and the mappings around it. A probe's complaint at one of these positions is about the
/// missing value (<c>'auth' needs 'token'</c>, <c>the connection names no host</c>), so validating without
/// secrets drops it; a complaint anywhere else (a misspelt method next to it) is still reported.
/// </summary>
internal static class UnresolvedMarks
{
    /// <returns>Null when nothing in the settings is unresolved.</returns>
    public static HashSet<SourceMark>? Of(ConfigMapping settings)
    {
        HashSet<SourceMark>? marks = null;
        var path = new List<SourceMark>();

        // The settings are at most ConfigLimits.MaxDepth deep (the reader refuses deeper), so recursion is safe.
        void Walk(ConfigNode node)
        {
            switch (node)
            {
                case ConfigScalar { Unresolved: true } scalar:
                    marks ??= [];
                    marks.Add(scalar.Mark);
                    marks.UnionWith(path);
                    break;
                case ConfigSequence sequence:
                    path.Add(sequence.Mark);
                    foreach (var item in sequence.Items)
                    {
                        Walk(item);
                    }

                    path.RemoveAt(path.Count - 1);
                    break;
                case ConfigMapping mapping:
                    path.Add(mapping.Mark);
                    foreach (var (key, value) in mapping.Entries)
                    {
                        path.Add(key.Mark);
                        Walk(value);
                        path.RemoveAt(path.Count - 1);
                    }

                    path.RemoveAt(path.Count - 1);
                    break;
            }
        }

        Walk(settings);
        return marks;
    }
}
