import { controlClasses, type ControlLook } from "./input";

export type TextareaProps = React.TextareaHTMLAttributes<HTMLTextAreaElement> & ControlLook & { ref?: React.Ref<HTMLTextAreaElement> };

/** A `<textarea>` with the form-control look. */
export function Textarea({ compact, width, className, ...props }: TextareaProps) {
  return <textarea className={controlClasses({ compact, width }, className)} {...props} />;
}
