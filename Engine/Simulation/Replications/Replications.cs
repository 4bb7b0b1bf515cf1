using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Engine.Simulation;

/// <summary>
/// Runs independent replications of a model, one seed each, in parallel on all cores (one environment and loop per
/// replication, each on its own thread), and collects their statistics into a <see cref="ReplicationSet"/>:
/// <code>ReplicationSet results = Replications.Run(new SeedRange(1, 100), seed =&gt; Model(seed));
/// Estimate wait = results.Estimate("mean_wait");</code>
/// </summary>
/// <remarks>
/// Replication <c>i</c> uses seed <c>first + i</c>, so the results do not depend on how many cores ran them, or in which
/// order. A study too large for one machine is split into seed ranges, one per batch job; each job runs its range and
/// writes <see cref="ReplicationSet.ToCsv"/>; <see cref="ReplicationSet.Merge(ReplicationSet[])"/> of the parts equals one
/// run over the whole range. docs/simulation.md shows the pattern; no cluster code is needed.
/// </remarks>
public static class Replications
{
    /// <summary>Runs the model once per seed of <paramref name="seeds"/>, in parallel.</summary>
    /// <param name="seeds">The seeds.</param>
    /// <param name="model">Builds and runs one replication for a seed (typically on a new <see cref="SimEnvironment"/> with
    /// that seed) and returns its statistics by name; every replication must return the same names.</param>
    /// <param name="maxParallelism">At most this many replications at once; 0 (the default) for one per core.</param>
    /// <returns>The results, in seed order.</returns>
    /// <exception cref="AggregateException">Replications failed; each inner exception names its seed.</exception>
    public static ReplicationSet Run(SeedRange seeds, Func<ulong, IReadOnlyDictionary<string, double>> model, int maxParallelism = 0)
    {
        if (model is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(model));
        }

        if (maxParallelism < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxParallelism), maxParallelism, "The parallelism is 0 (one per core) or more.");
        }

        var results = new IReadOnlyDictionary<string, double>?[seeds.Count];
        var failures = new Exception?[seeds.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxParallelism == 0 ? Environment.ProcessorCount : maxParallelism };
        Parallel.For(0, seeds.Count, options, i =>
        {
            try
            {
                results[i] = model(seeds[i]) ?? throw new InvalidOperationException("The model returned no statistics.");
            }
            catch (Exception e)
            {
                failures[i] = new InvalidOperationException("Replication with seed " + seeds[i] + " failed: " + e.Message, e);
            }
        });

        var errors = new List<Exception>();
        foreach (Exception? e in failures)
        {
            if (e is not null)
            {
                errors.Add(e);
            }
        }

        if (errors.Count > 0)
        {
            throw new AggregateException(errors.Count + " of " + seeds.Count + " replications failed.", errors);
        }

        var set = new ReplicationSet(results[0]!.Keys);
        for (int i = 0; i < results.Length; i++)
        {
            set.Add(seeds[i], results[i]!);
        }

        return set;
    }

    /// <summary>Runs <paramref name="count"/> replications with seeds <paramref name="firstSeed"/> onwards, in parallel.</summary>
    /// <param name="count">The number of replications; at least 1.</param>
    /// <param name="model">Builds and runs one replication for a seed and returns its statistics by name.</param>
    /// <param name="firstSeed">The first seed.</param>
    /// <param name="maxParallelism">At most this many replications at once; 0 for one per core.</param>
    /// <returns>The results, in seed order.</returns>
    public static ReplicationSet Run(int count, Func<ulong, IReadOnlyDictionary<string, double>> model, ulong firstSeed = 1, int maxParallelism = 0) =>
        Run(new SeedRange(firstSeed, count), model, maxParallelism);
}
