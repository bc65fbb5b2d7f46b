namespace Serverless.Diag.Configuration;

/// <summary>Finds each dependency cycle once (depth-first, colouring nodes).</summary>
/// <remarks>
/// The walk keeps its own stack instead of recursing: a dependency chain tens of thousands of checks
/// long is a valid (if odd) config and must not overflow the thread's stack.
/// </remarks>
internal static class DependencyCycles
{
    private const byte Unvisited = 0;
    private const byte Visiting = 1;
    private const byte Done = 2;

    public static List<List<CheckDefinition>> Find(IReadOnlyList<CheckDefinition> checks)
    {
        var byName = new Dictionary<string, int>(checks.Count, StringComparer.Ordinal);
        for (var i = 0; i < checks.Count; i++)
        {
            byName.TryAdd(checks[i].Name, i);
        }

        var state = new byte[checks.Count];
        var cycles = new List<List<CheckDefinition>>();

        // The current path, and for each check on it the index of the next dependency to look at.
        var path = new List<int>();
        var positionOnPath = new int[checks.Count];
        var nextDependency = new Stack<int>();

        for (var root = 0; root < checks.Count; root++)
        {
            if (state[root] != Unvisited)
            {
                continue;
            }

            Enter(root);
            while (path.Count > 0)
            {
                var current = path[^1];
                var at = nextDependency.Pop();
                var dependencies = checks[current].DependsOn;
                if (at >= dependencies.Count)
                {
                    state[current] = Done;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                nextDependency.Push(at + 1);
                if (!byName.TryGetValue(dependencies[at].Value, out var next) || next == current)
                {
                    continue;
                }

                switch (state[next])
                {
                    case Unvisited:
                        Enter(next);
                        break;
                    case Visiting when cycles.Count < ConfigLimits.MaxReportedProblems:
                        cycles.Add([.. path.Skip(positionOnPath[next]).Select(i => checks[i])]);
                        break;
                }
            }
        }

        return cycles;

        void Enter(int check)
        {
            state[check] = Visiting;
            positionOnPath[check] = path.Count;
            path.Add(check);
            nextDependency.Push(0);
        }
    }
}
