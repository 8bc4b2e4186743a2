using BenchmarkDotNet.Running;

namespace Recommender.Benchmarks;

/// <summary>Runs any benchmark class of this assembly; choose with <c>--filter</c>, e.g. <c>--filter '*Scoring*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
