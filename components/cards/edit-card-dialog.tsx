"use client";

import { useState } from "react";
import { Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { updateCardAction } from "@/lib/actions/cards/update-card";
import { aliasProblem, tagsProblems } from "@/lib/cards/form-checks";
import { ActionFailureAlert } from "./action-failure";
import { fieldProps, FormField } from "@/components/forms/form-field";
import { parseTags } from "./people-fields";
import { useCardDialog } from "./use-card-action";

/** Alias and tags live only in Cardhub: saving them never calls the provider. */
export function EditCardDialog({ cardId, alias, tags, defaultOpen = false }: { cardId: string; alias: string; tags: string[]; defaultOpen?: boolean }) {
  const [aliasText, setAliasText] = useState(alias);
  const [tagsText, setTagsText] = useState(tags.join(", "));
  const { open, onOpenChange, fields, submit: submitDialog, pending, failure } = useCardDialog(null, defaultOpen);
  const tagError = Object.entries(fields).find(([key]) => key === "tags" || key.startsWith("tags."))?.[1];

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const input = { cardId, alias: aliasText, tags: parseTags(tagsText) };
    const found = tagsProblems(input.tags);
    const problem = aliasProblem(input.alias);
    if (problem) found.alias = problem;
    submitDialog(found, () => updateCardAction(input), "Alias and tags saved.");
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Pencil aria-hidden /> Edit alias and tags
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Edit alias and tags</DialogTitle>
          <DialogDescription>Names and tags help people find the card; they are kept in Cardhub only.</DialogDescription>
        </DialogHeader>
        <form method="post" onSubmit={submit} noValidate className="grid gap-4">
          <FormField id="edit-alias" label="Alias" error={fields.alias}>
            <Input {...fieldProps("edit-alias", fields.alias)} value={aliasText} onChange={(event) => setAliasText(event.target.value)} maxLength={60} autoComplete="off" />
          </FormField>
          <FormField id="edit-tags" label="Tags" error={tagError} hint="Separate tags with commas, e.g. travel, q3.">
            <Input {...fieldProps("edit-tags", tagError, "hint")} value={tagsText} onChange={(event) => setTagsText(event.target.value)} autoComplete="off" />
          </FormField>
          <ActionFailureAlert failure={failure} shownFields={Object.keys(failure?.fields ?? {}).filter((key) => key === "alias" || key.startsWith("tags"))} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Close
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
