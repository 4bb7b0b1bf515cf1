#!/usr/bin/env pwsh
# Build, test, benchmark and pack Engine in one script.
#   dotnet tool restore                 # once: installs PowerShell as a local tool
#   dotnet pwsh build.ps1 build         # Release build, warnings as errors
#   dotnet pwsh build.ps1 test          # the test suite (the same command CI runs)
#   dotnet pwsh build.ps1 bench [group] # quick side-by-side figures (groups: core, sync, echo, gen, frame)
#   dotnet pwsh build.ps1 pack          # the Engine NuGet package into ./artifacts
#   dotnet pwsh build.ps1 unity         # the Unity package folder into ./artifacts/unity/com.engine.coroutines
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'bench', 'pack', 'unity', 'all')]
    [string] $Task = 'all',

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Step([string] $name, [scriptblock] $body) {
    Write-Host "==> $name" -ForegroundColor Cyan
    & $body
    if ($LASTEXITCODE -ne 0) { throw "$name failed with exit code $LASTEXITCODE" }
}

function Build { Invoke-Step 'build' { dotnet build Engine.sln -c Release -warnaserror } }
function Test { Invoke-Step 'test' { dotnet test } }
function Bench { Invoke-Step 'bench (quick)' { dotnet run -c Release --project Engine.Bench -- quick @Rest } }
function Pack { Invoke-Step 'pack' { dotnet pack Engine/Engine.csproj -c Release -o artifacts } }
# The Unity package (docs/unity.md): package.json, Runtime/Engine.dll (netstandard2.1), the generator labelled
# RoslynAnalyzer, the host scripts from unity/Runtime, an assembly definition, a README and .meta files.
function Unity { Invoke-Step 'unity package' { dotnet run -c Release --project tools/UnityPackage -- Release artifacts/unity/com.engine.coroutines } }

switch ($Task) {
    'build' { Build }
    'test' { Test }
    'bench' { Bench }
    'pack' { Pack }
    'unity' { Unity }
    'all' { Build; Test; Pack }
}
