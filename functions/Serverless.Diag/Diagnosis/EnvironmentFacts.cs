namespace Serverless.Diag.Diagnosis;

/// <summary>Every check of one environment in one run: a rule may look at any of them for the evidence of a cause.</summary>
public sealed class EnvironmentFacts(string name, IReadOnlyList<CheckFacts> checks)
{
    public string Name => name;

    public IReadOnlyList<CheckFacts> Checks => checks;

    public CheckFacts? Find(string check) => checks.FirstOrDefault(c => c.Name == check);

    public IEnumerable<CheckFacts> OfType(string type) => checks.Where(c => c.Type == type);

    /// <summary>
    /// The checks a failing check depends on: those it names in <c>on_failure</c> or <c>depends_on</c>; when it names
    /// none, every other check of the environment (each is then only evidence, never assumed).
    /// </summary>
    public IEnumerable<CheckFacts> DependenciesOf(CheckFacts symptom)
    {
        var named = symptom.FollowUps.Concat(symptom.Report.DependsOn).Distinct(StringComparer.Ordinal).ToList();
        return named.Count > 0
            ? named.Select(Find).OfType<CheckFacts>()
            : checks.Where(c => c.Name != symptom.Name);
    }
}
