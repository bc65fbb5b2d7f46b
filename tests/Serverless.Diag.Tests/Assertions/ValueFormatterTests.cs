using Serverless.Diag.Assertions;

namespace Serverless.Diag.Tests.Assertions;

public class ValueFormatterTests
{
    public static TheoryData<object?, string?, string> Cases => new()
    {
        { 2350.0, "2s", "2350ms" },
        { 2350.0, "100ms", "2350ms" },
        { 0.25, "1ms", "0.3ms" },
        { 2349.96, "2s", "2350ms" },
        { 12.04, "2s", "12ms" },
        { 0.04, "2s", "0ms" },
        { -0.04, "2s", "0ms" },
        { 1e16, "2s", "10000000000000000ms" },
        { double.PositiveInfinity, "2s", "Infinityms" },
        { 90_000.0, "1m", "1.5m" },
        { 100_000.0, "1m", "1.67m" },
        { 1048575.0, "1MB", "1024KB" },
        { 5_400_000.0, "1h", "1.5h" },
        { 129_600_000.0, "1d", "1.5d" },
        { 0.93, "80%", "93%" },
        { 0.9333, "80%", "93.33%" },
        { 800.0, "1KB", "800B" },
        { 1536.0, "1MB", "1.5KB" },
        { 13_107_200.0, "1GB", "12.5MB" },
        { 5.0 * 1024 * 1024 * 1024, "1KB", "5GB" },
        { 200.0, "200", "200" },
        { 200.0, null, "200" },
        { 0.123456, null, "0.1235" },
        { 0.00001234, null, "1.234E-05" },
        { -3.5, null, "-3.5" },
        // from 1e15 on, every digit the double holds (not 15 significant digits padded with zeros)
        { 1e15, null, "1000000000000000" },
        { 1234567890123456.0, null, "1234567890123456" },
        { 1234567890123456.5, null, "1234567890123456.5" },
        { 9007199254740993.0, null, "9007199254740992" },
        { 1234567890123456789.0, null, "1234567890123456800" },
        { -2e20, null, "-200000000000000000000" },
        { 1.5e300, null, "1.5E+300" },
        { 1234567890123456.0, "1s", "1234567890123456ms" },
        { double.NaN, null, "NaN" },
        { "ok", null, "\"ok\"" },
        { "42", "1s", "\"42\"" },
        { true, null, "true" },
        { null, "1s", "null" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shows_the_value_in_the_expectations_unit(object? value, string? expected, string shown)
    {
        var hint = expected is null ? null : AssertionParserTests.Parse($"x == {expected}", AssertionLevel.Fail).Expected;

        Assert.Equal(shown, ValueFormatter.Format(value, hint));
    }

    [Fact]
    public void A_list_is_shown_with_its_items_in_the_lists_unit()
    {
        var hint = AssertionParserTests.Parse("x in [1s, 2s]", AssertionLevel.Fail).Expected;

        Assert.Equal("[1500ms, \"a\", null]", ValueFormatter.Format(new List<object?> { 1500.0, "a", null }, hint));
    }

    [Fact]
    public void A_long_list_is_cut()
    {
        var list = Enumerable.Range(0, 500).Select(i => (object?)(double)i).ToList();

        var shown = ValueFormatter.Format(list);

        Assert.Equal(ValueFormatter.MaxLength + 1, shown.Length);
        Assert.StartsWith("[0, 1, 2", shown, StringComparison.Ordinal);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
    }
}

public class OperatorsTests
{
    [Fact]
    public void Every_operator_parses_from_its_own_spelling()
    {
        foreach (var op in Enum.GetValues<AssertionOperator>())
        {
            Assert.True(Operators.TryParse(Operators.Spelling(op), out var parsed));
            Assert.Equal(op, parsed);
        }
    }
}
