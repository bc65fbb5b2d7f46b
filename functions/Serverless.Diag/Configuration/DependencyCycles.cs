namespace Serverless.Diag.Configuration;

/// <summary>Finds each dependency cycle once (depth-first, colouring nodes).</summary>
internal static class DependencyCycles
{
    public static List<List<CheckDefinition>> Find(IReadOnlyList<CheckDefinition> checks)
    {
        var byName = checks.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var stack = new List<CheckDefinition>();
        var cycles = new List<List<CheckDefinition>>();

        void Visit(CheckDefinition check)
        {
            state[check.Name] = 1;
            stack.Add(check);
            foreach (var dependency in check.DependsOn)
            {
                if (!byName.TryGetValue(dependency.Value, out var next) || next == check)
                {
                    continue;
                }

                switch (state.GetValueOrDefault(next.Name))
                {
                    case 0:
                        Visit(next);
                        break;
                    case 1:
                        cycles.Add(stack.SkipWhile(c => c != next).ToList());
                        break;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[check.Name] = 2;
        }

        foreach (var check in checks.Where(c => state.GetValueOrDefault(c.Name) == 0))
        {
            Visit(check);
        }

        return cycles;
    }
}
