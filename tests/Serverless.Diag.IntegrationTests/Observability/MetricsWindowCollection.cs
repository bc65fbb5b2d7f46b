namespace Serverless.Diag.IntegrationTests.Observability;

/// <summary>
/// Tests whose traffic must land between two scrapes a few seconds apart run apart from every other test:
/// on two shared cores, a busy neighbour delays the requests past the second scrape.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsWindowCollection
{
    public const string Name = "metrics-windows";
}
