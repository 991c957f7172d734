package org.kohsuke.accmod.restrictions;

public class Beta extends DoNotUse {}
