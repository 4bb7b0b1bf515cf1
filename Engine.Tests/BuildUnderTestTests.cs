using System.Reflection;
using System.Runtime.Versioning;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests;

// This file is compiled twice: Engine.Tests runs the suite against Engine's net10.0 build, Engine.Tests.Standard
// against its netstandard2.1 build (the one Unity loads). This test proves each project tests the build it claims to.
[TestClass]
public sealed class BuildUnderTestTests
{
    [TestMethod]
    public void The_suite_runs_against_the_expected_Engine_build()
    {
#if ENGINE_NETSTANDARD
        const string Expected = ".NETStandard,Version=v2.1";
#else
        const string Expected = ".NETCoreApp,Version=v10.0";
#endif
        string? actual = typeof(EventLoop).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        Assert.AreEqual(Expected, actual);
    }
}
