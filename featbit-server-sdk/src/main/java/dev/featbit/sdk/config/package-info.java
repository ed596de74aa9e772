/**
 * Configuration of one area of an {@link dev.featbit.sdk.FBConfig} each (data synchronisation, events, HTTP,
 * data store), made by the builders that {@link dev.featbit.sdk.Components} returns.
 */
package dev.featbit.sdk.config;
