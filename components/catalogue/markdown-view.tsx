import { cn } from "@/components/ui/cn";
import { labelScrollRegions } from "./label-scroll-regions";

const prose =
  "text-sm leading-relaxed text-fg [&_a]:text-accent [&_a]:underline " +
  "[&_h3]:mt-6 [&_h3]:text-xl [&_h3]:font-semibold [&_h4]:mt-5 [&_h4]:text-lg [&_h4]:font-semibold [&_h5]:mt-4 [&_h5]:font-semibold [&_h6]:mt-3 [&_h6]:font-semibold " +
  "[&_p]:my-3 [&_ul]:my-3 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-3 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1 " +
  "[&_code]:rounded [&_code]:bg-tint [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs " +
  "[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-code [&_pre]:p-3 [&_pre]:text-on-code [&_pre_code]:bg-transparent [&_pre_code]:p-0 " +
  "[&_.md-scroll]:my-3 [&_.md-scroll]:overflow-x-auto [&_th]:border [&_th]:border-line-strong [&_th]:px-2 [&_th]:py-1 [&_td]:border [&_td]:border-line-strong [&_td]:px-2 [&_td]:py-1 " +
  "[&_blockquote]:border-l-4 [&_blockquote]:border-line-strong [&_blockquote]:pl-3 [&_blockquote]:text-fg-muted [&_img]:max-w-full [&_hr]:my-4";

/**
 * Shows HTML produced by renderReadme. Only ever pass it renderReadme's output: that is
 * where the markdown is sanitized. `label` names its code blocks and tables ("README code block 1").
 */
export function MarkdownView({ html, label, className, testId }: { html: string; label: string; className?: string; testId?: string }) {
  return <div className={cn(prose, className)} data-testid={testId} dangerouslySetInnerHTML={{ __html: labelScrollRegions(html, label) }} />;
}
