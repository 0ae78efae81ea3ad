import { z } from "zod";
import { isGithubOwner, isGithubRepoName, isRepoRef, REPO_REF_MESSAGE } from "./repo-ref";

/** `owner/name`, trimmed, checked with isRepoRef. */
export const repoRefSchema = z.string().trim().refine(isRepoRef, { message: REPO_REF_MESSAGE });
export const githubOwnerSchema = z.string().trim().refine(isGithubOwner, { message: "Not a GitHub owner" });
export const githubRepoNameSchema = z.string().trim().refine(isGithubRepoName, { message: "Not a GitHub repository name" });
