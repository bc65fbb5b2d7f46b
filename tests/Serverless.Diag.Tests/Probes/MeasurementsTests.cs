using Serverless.Diag.Probes;

namespace Serverless.Diag.Tests.Probes;

public class MeasurementsTests
{
    [Fact]
    public void Numbers_and_durations_are_stored_as_doubles_in_milliseconds()
    {
        var m = new Measurements();
        m.Set("status", 200);
        m.Set("size", 1234L);
        m.Set("ratio", 0.5f);
        m.Set("latency", TimeSpan.FromSeconds(1.5));
        m.Set("count", (object)7);
        m.Set("precise", 2.5m);

        Assert.Equal(200.0, m.Lookup("status").Value);
        Assert.Equal(1234.0, m.Lookup("size").Value);
        Assert.Equal(0.5, m.Lookup("ratio").Value);
        Assert.Equal(1500.0, m.Lookup("latency").Value);
        Assert.Equal(7.0, m.Lookup("count").Value);
        Assert.Equal(2.5, m.Lookup("precise").Value);
    }

    [Fact]
    public void An_absent_path_gives_its_reason_until_a_value_is_set_and_the_last_reason_wins()
    {
        var m = new Measurements();
        m.SetAbsent("dns", "reused");
        m.SetAbsent("tls", "plain HTTP");
        m.SetAbsent("dns", "reused from the pool");

        Assert.Equal("reused from the pool", m.Lookup("dns").MissingReason);
        Assert.Equal("plain HTTP", m.Lookup("tls").MissingReason);
        Assert.Equal(2, m.AbsentReasons.Count);

        m.Set("dns", TimeSpan.FromMilliseconds(3));

        Assert.True(m.Lookup("dns").Found);
        Assert.Equal(["tls"], m.AbsentReasons.Keys);
        Assert.Equal("'other' was not measured", m.Lookup("other").MissingReason);
    }

    [Fact]
    public void Export_leaves_out_hidden_values_and_maps_each_value()
    {
        var m = new Measurements();
        m.Set("status", 200);
        m.Set("body", "secret text", export: false);
        m.Set("server", "kestrel");

        Assert.Equal(["server", "status"], m.Export().Keys.Order());
        Assert.Equal("KESTREL", m.Export(v => v is string s ? s.ToUpperInvariant() : v)["server"]);
    }

    [Fact]
    public void Export_without_a_map_or_hidden_values_shows_every_value()
    {
        var m = new Measurements();
        m.Set("status", 200);
        m.Set("latency", TimeSpan.FromMilliseconds(12));

        var exported = m.Export();

        Assert.Equal(2, exported.Count);
        Assert.Equal(12.0, exported["latency"]);
    }
}
