namespace Serverless.Diag.IntegrationTests.Diagnosis;

/// <summary>Marks a scenario as a case of a cause rule: one where it must match, or a twin where it must not.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class CauseCaseAttribute(string rule, bool matches) : Attribute
{
    public string Rule => rule;

    public bool Matches => matches;
}
