namespace Serverless.Diag.Running;

/// <summary>How strictly a plan treats what only the deployed environment has.</summary>
public enum PlanMode
{
    /// <summary>Everything must resolve: an unset <c>${env:...}</c> refuses the config (<c>run</c>, <c>validate --strict</c>).</summary>
    Run,

    /// <summary>
    /// Linting where the secrets are not (a pull request's CI): an unset <c>${env:...}</c> is a warning naming
    /// the variable and its checks, and nothing that depends on its value is judged.
    /// </summary>
    ValidateWithoutSecrets,
}
