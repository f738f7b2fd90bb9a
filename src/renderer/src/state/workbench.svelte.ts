import type { FirthClient } from '@shared/contract';
import { describeError, FirthError, serializeError } from '@shared/errors';
import type { Project, ProjectEntry } from '@shared/project';
import type { SystemInfo } from '@shared/system-info';
import { TrainingJobs } from './training-jobs.svelte';

/** A message in the notice area: an error from a call, or what an action did (where a deleted project went). */
export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

/** A project's row id and the name the confirmation shows, for a healthy or a broken project. */
export interface DeleteTarget {
  id: string;
  name: string;
}

/**
 * The shell's state and the actions that change it. Every service call goes through `#attempt`, so a
 * failure becomes a notice, never an uncaught rejection.
 */
export class Workbench {
  systemInfo = $state.raw<SystemInfo | null>(null);
  projects = $state.raw<ProjectEntry[]>([]);
  projectsLoaded = $state(false);
  openProject = $state.raw<Project | null>(null);
  notices = $state<Notice[]>([]);
  /** The host refused a call for want of the token: the page shows how to get one. */
  unauthorized = $state(false);
  connectionLost = $state(false);
  /** Training jobs started in this session, across projects. */
  readonly training: TrainingJobs;

  readonly #client: FirthClient;
  #nextNoticeId = 1;
  /** Only the newest listProjects reply is shown, so overlapping refreshes cannot go back in time. */
  #listRequest = 0;

  constructor(client: FirthClient) {
    this.#client = client;
    this.training = new TrainingJobs(client, (error) => this.report(error));
  }

  /** Loads what the shell shows and follows the service's events; returns the unsubscribe. */
  start(): () => void {
    const unsubscribeProjects = this.#client.on('projectsChanged', (event) => {
      if (event.reason === 'deleted' && this.openProject?.id === event.id) this.openProject = null;
      void this.refreshProjects();
    });
    const unsubscribeTraining = this.training.listen();
    void this.#attempt(async () => {
      this.systemInfo = await this.#client.getSystemInfo({});
    });
    void this.refreshProjects();
    return () => {
      unsubscribeProjects();
      unsubscribeTraining();
    };
  }

  async refreshProjects(): Promise<void> {
    const request = ++this.#listRequest;
    await this.#attempt(async () => {
      const { projects } = await this.#client.listProjects({});
      if (request !== this.#listRequest) return;
      this.projects = projects;
      this.projectsLoaded = true;
    });
  }

  /** Creates a project and opens it; returns the service's message when the name is refused. */
  async createProject(name: string): Promise<{ fieldError: string } | null> {
    try {
      const project = await this.#client.createProject({ name });
      this.openProject = project;
      await this.refreshProjects();
      return null;
    } catch (error) {
      if (error instanceof FirthError && (error.code === 'invalid-input' || error.code === 'already-exists')) {
        return { fieldError: error.message };
      }
      this.report(error);
      return null;
    }
  }

  async open(id: string): Promise<void> {
    try {
      this.openProject = await this.#client.openProject({ id });
    } catch (error) {
      this.report(error);
      // The folder may have gone or broken behind Firth's back: show the list as it is now.
      await this.refreshProjects();
    }
  }

  async deleteProject(target: DeleteTarget): Promise<void> {
    await this.#attempt(async () => {
      const { trashedTo } = await this.#client.deleteProject({ id: target.id });
      if (this.openProject?.id === target.id) this.openProject = null;
      this.#notify('info', `Deleted “${target.name}”. Its folder is now at ${trashedTo}`);
      await this.refreshProjects();
    });
  }

  report(error: unknown): void {
    if (error instanceof FirthError && error.code === 'unauthorized') {
      this.unauthorized = true;
      return;
    }
    this.#notify('error', describeError(serializeError(error)));
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  #notify(tone: Notice['tone'], text: string): void {
    this.notices.push({ id: this.#nextNoticeId++, tone, text });
  }

  async #attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.report(error);
    }
  }
}
