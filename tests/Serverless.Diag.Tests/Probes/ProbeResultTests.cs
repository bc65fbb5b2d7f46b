using Serverless.Diag.Probes;

namespace Serverless.Diag.Tests.Probes;

public class ProbeResultTests
{
    [Fact]
    public void Deferred_evidence_is_built_once_in_the_order_it_was_deferred_after_what_was_added()
    {
        var result = new ProbeResult();
        var builds = 0;
        result.Evidence.Add(new Evidence("added", "now"));
        result.DeferEvidence(() =>
        {
            builds++;
            return [new Evidence("first", "1")];
        });
        result.DeferEvidence(() => [new Evidence("second", "2"), new Evidence("third", "3")]);

        Assert.Equal(["added", "first", "second", "third"], result.Evidence.Select(e => e.Title));
        Assert.Equal(["added", "first", "second", "third"], result.Evidence.Select(e => e.Title));
        Assert.Equal(1, builds);
    }

    [Fact]
    public void Warnings_are_reported_without_creating_them()
    {
        var result = new ProbeResult();

        Assert.False(result.HasWarnings);
        Assert.Empty(result.Warnings);
        Assert.False(result.HasWarnings);

        result.Warnings.Add("partial results");

        Assert.True(result.HasWarnings);
    }
}
