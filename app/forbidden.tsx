import { ForbiddenPage } from "@/components/layout/forbidden-page";

export default function Forbidden() {
  return <ForbiddenPage advice="Your role does not include this part of Cardhub. If you need it, ask an administrator to change your roles." />;
}
